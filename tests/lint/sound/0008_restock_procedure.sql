-- A procedure without DELIMITER (roble and the mariadb client keep BEGIN ... END whole),
-- and dump-style settings that are restored before the file ends.
--
-- depends: 0007_merge_seed_and_reorder

/*!40101 SET @saved_sql_mode = @@SQL_MODE, SQL_MODE = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION' */;

CREATE PROCEDURE parts_to_reorder()
BEGIN
    SELECT p.sku, v.in_stock, p.reorder_level
    FROM parts AS p
    JOIN v_part_stock AS v ON v.id_part = p.id_part
    WHERE v.in_stock < p.reorder_level;
END;

/*!40101 SET SQL_MODE = @saved_sql_mode */;
