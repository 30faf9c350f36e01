-- Roll back: Create parts and stock moves, in reverse order
DROP INDEX idx_stock_moves_moved_at ON stock_moves;
DROP TABLE stock_moves;
DROP TABLE parts;
