-- Roll back: stored programs for stock
DROP FUNCTION stock_level;
DROP PROCEDURE receive_parts;
DROP TRIGGER trg_stock_moves_note;
