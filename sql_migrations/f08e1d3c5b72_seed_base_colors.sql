-- Seed the base furniture colors
--
-- Revision ID: f08e1d3c5b72_seed_base_colors
-- Revises: 2c7b8e0f4a69_add_description_to_colors
-- Create Date: 2026-03-10 08:12:40 UTC
-- Author: Muebles Roble DBA team
-- depends: 2c7b8e0f4a69_add_description_to_colors

-- Data migration: adds the base colors that are not there yet. Each seeded row is
-- tagged created_by = 'roble:f08e1d3c5b72' so the rollback removes exactly these rows
-- and leaves colors that existed before untouched.
INSERT INTO colors (name, hex_code, description, active, created_by)
SELECT seed.name, seed.hex_code, seed.description, TRUE, 'roble:f08e1d3c5b72'
FROM (
    SELECT 'Natural Oak' AS name, '#C8A165' AS hex_code, 'Clear varnish over oak' AS description
    UNION ALL SELECT 'Walnut', '#5D4037', 'Dark walnut stain'
    UNION ALL SELECT 'White', '#FFFFFF', 'Matte white lacquer'
    UNION ALL SELECT 'Black', '#000000', 'Matte black lacquer'
    UNION ALL SELECT 'Cherry', '#8B2F23', 'Cherry wood stain'
) AS seed
WHERE NOT EXISTS (SELECT 1 FROM colors AS c WHERE c.name = seed.name);
