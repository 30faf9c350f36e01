-- Roll back: Add hex_code field to colors table
-- Revision ID: a9d4f2e61c35_add_hex_code_to_colors

ALTER TABLE colors DROP COLUMN hex_code, ALGORITHM=INPLACE, LOCK=NONE;
