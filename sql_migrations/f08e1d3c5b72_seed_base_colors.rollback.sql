-- Roll back: Seed the base furniture colors
-- Revision ID: f08e1d3c5b72_seed_base_colors

-- Removes only the rows the seed added (tagged by created_by); colors that existed
-- before the seed, or were added later by people, stay.
DELETE FROM colors WHERE created_by = 'roble:f08e1d3c5b72';
