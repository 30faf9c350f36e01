-- Roll back: Add description field to colors table
-- Revision ID: 2c7b8e0f4a69_add_description_to_colors

ALTER TABLE colors DROP COLUMN description, ALGORITHM=INPLACE, LOCK=NONE;
