-- Create the suppliers table
--
-- Revision ID: 0001_create_suppliers
-- Create Date: 2026-03-01 09:00:00 UTC

CREATE TABLE suppliers (
    id_supplier INT NOT NULL AUTO_INCREMENT,
    name VARCHAR(100) NOT NULL,
    country CHAR(2) NOT NULL DEFAULT 'ES',
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id_supplier),
    UNIQUE KEY uq_suppliers_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
