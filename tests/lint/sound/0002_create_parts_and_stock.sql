-- Create parts and stock moves (a schema in one revision: two tables and an index)
--
-- depends: 0001_create_suppliers

CREATE TABLE parts (
    id_part INT NOT NULL AUTO_INCREMENT,
    id_supplier INT NOT NULL,
    sku VARCHAR(32) NOT NULL,
    description VARCHAR(255) NULL COMMENT 'free text; may contain ; and -- and #',
    unit_price DECIMAL(10, 2) NOT NULL DEFAULT 0.00,
    PRIMARY KEY (id_part),
    UNIQUE KEY uq_parts_sku (sku),
    CONSTRAINT fk_parts_supplier FOREIGN KEY (id_supplier) REFERENCES suppliers (id_supplier)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE stock_moves (
    id_move BIGINT NOT NULL AUTO_INCREMENT,
    id_part INT NOT NULL,
    quantity INT NOT NULL,
    moved_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    note VARCHAR(100) NULL,
    PRIMARY KEY (id_move),
    CONSTRAINT fk_stock_moves_part FOREIGN KEY (id_part) REFERENCES parts (id_part)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE INDEX idx_stock_moves_moved_at ON stock_moves (moved_at);
