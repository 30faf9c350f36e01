ALTER TABLE parts
    DROP INDEX idx_parts_reorder_level,
    DROP COLUMN reorder_level,
    ALGORITHM=INPLACE, LOCK=NONE;
