-- Stored programs for stock: a trigger, a procedure and a function (with DELIMITER)
--
-- depends: 0002_create_parts_and_stock

DELIMITER $$

CREATE TRIGGER trg_stock_moves_note BEFORE INSERT ON stock_moves
FOR EACH ROW
BEGIN
    -- a comment; with a semicolon
    IF NEW.note IS NULL THEN
        SET NEW.note = CONCAT('move of ', NEW.quantity, ';');
    END IF;
END$$

CREATE PROCEDURE receive_parts(IN part INT, IN how_many INT)
BEGIN
    DECLARE i INT DEFAULT 0;
    REPEAT
        INSERT INTO stock_moves (id_part, quantity) VALUES (part, 1);
        SET i = i + 1;
    UNTIL i >= how_many END REPEAT;
END$$

DELIMITER //
CREATE FUNCTION stock_level(part INT) RETURNS INT
READS SQL DATA
BEGIN
    DECLARE total INT;
    SELECT COALESCE(SUM(quantity), 0) INTO total FROM stock_moves WHERE id_part = part;
    RETURN CASE WHEN total < 0 THEN 0 ELSE total END;
END //
DELIMITER ;
