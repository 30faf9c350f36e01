-- A view of the stock per part
--
-- depends: 0003_stock_programs

CREATE VIEW v_part_stock AS
SELECT p.id_part, p.sku, s.name AS supplier, COALESCE(SUM(m.quantity), 0) AS in_stock
FROM parts AS p
JOIN suppliers AS s ON s.id_supplier = p.id_supplier
LEFT JOIN stock_moves AS m ON m.id_part = p.id_part
GROUP BY p.id_part, p.sku, s.name;
