-- Seed the first suppliers and parts (a data migration: one transaction)
--
-- depends: 0004_part_stock_view

INSERT INTO suppliers (name, country) VALUES
    ('Maderas del Norte; S.L.', 'ES'),
    ('O''Brien Timber', 'IE'),
    ('Hêtre & Chêne', 'FR'),
    ('Backslash \\ Woods', 'PT');

INSERT INTO parts (id_supplier, sku, description, unit_price)
SELECT s.id_supplier, seed.sku, seed.description, seed.unit_price
FROM (
    SELECT 'Maderas del Norte; S.L.' AS supplier, 'OAK-PLANK-2M' AS sku,
           'Oak plank -- 2 m; #1 grade' AS description, 42.50 AS unit_price
    UNION ALL SELECT 'O''Brien Timber', 'ASH-DOWEL-8', 'Ash dowel, 8 mm', 0.35
) AS seed
JOIN suppliers AS s ON s.name = seed.supplier;
