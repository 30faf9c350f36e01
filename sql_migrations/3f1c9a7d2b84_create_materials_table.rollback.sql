-- Roll back: Create materials table
-- Revision ID: 3f1c9a7d2b84_create_materials_table

DROP TABLE materials;
