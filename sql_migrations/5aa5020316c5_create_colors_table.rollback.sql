-- Roll back: create colors table
-- Revision ID: 5aa5020316c5_create_colors_table

DROP TABLE colors;
