DROP VIEW v_part_stock;
