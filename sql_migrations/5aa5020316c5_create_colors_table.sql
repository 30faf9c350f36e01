-- create colors table
--
-- Revision ID: 5aa5020316c5_create_colors_table
-- Revises: (base)
-- Create Date: 2026-02-17 12:07:59 UTC
-- Author: Muebles Roble DBA team

CREATE TABLE colors (
    id_color INT NOT NULL AUTO_INCREMENT,
    name VARCHAR(50) NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    deleted_at TIMESTAMP NULL DEFAULT NULL,
    created_by VARCHAR(100) NULL,
    updated_by VARCHAR(100) NULL,
    deleted_by VARCHAR(100) NULL,
    PRIMARY KEY (id_color),
    UNIQUE KEY name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
