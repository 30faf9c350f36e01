-- Roll back: Add index idx_colors_name
-- Revision ID: 6e0a3b5c8d17_add_index_idx_colors_name

ALTER TABLE colors DROP INDEX idx_colors_name, ALGORITHM=INPLACE, LOCK=NONE;
