-- Removes exactly the seeded rows
DELETE FROM parts WHERE sku IN ('OAK-PLANK-2M', 'ASH-DOWEL-8');
DELETE FROM suppliers
WHERE name IN ('Maderas del Norte; S.L.', 'O''Brien Timber', 'Hêtre & Chêne', 'Backslash \\ Woods');
