-- Create furniture table
--
-- Revision ID: 8b2e6d4f1a93_create_furniture_table
-- Revises: 3f1c9a7d2b84_create_materials_table
-- Create Date: 2026-02-24 10:02:47 UTC
-- Author: Muebles Roble DBA team
-- depends: 3f1c9a7d2b84_create_materials_table

CREATE TABLE furniture (
    id_furniture INT NOT NULL AUTO_INCREMENT,
    name VARCHAR(100) NOT NULL,
    price DECIMAL(10, 2) NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    deleted_at TIMESTAMP NULL DEFAULT NULL,
    created_by VARCHAR(100) NULL,
    updated_by VARCHAR(100) NULL,
    deleted_by VARCHAR(100) NULL,
    PRIMARY KEY (id_furniture)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
