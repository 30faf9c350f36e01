-- Roll back: Create furniture table
-- Revision ID: 8b2e6d4f1a93_create_furniture_table

DROP TABLE furniture;
