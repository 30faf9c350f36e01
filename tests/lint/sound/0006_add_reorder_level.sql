-- Add a reorder level to parts, online
--
-- depends: 0004_part_stock_view

ALTER TABLE parts
    ADD COLUMN reorder_level INT NOT NULL DEFAULT 0,
    ADD INDEX idx_parts_reorder_level (reorder_level),
    ALGORITHM=INPLACE, LOCK=NONE;
