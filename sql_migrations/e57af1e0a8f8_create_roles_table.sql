-- create roles table
--
-- Revision ID: e57af1e0a8f8_create_roles_table
-- Revises: 5aa5020316c5_create_colors_table
-- Create Date: 2026-02-17 12:15:02 UTC
-- Author: Muebles Roble DBA team
-- depends: 5aa5020316c5_create_colors_table

CREATE TABLE roles (
    id_role INT NOT NULL AUTO_INCREMENT,
    name VARCHAR(50) NOT NULL,
    description VARCHAR(255) NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    deleted_at TIMESTAMP NULL DEFAULT NULL,
    created_by VARCHAR(100) NULL,
    updated_by VARCHAR(100) NULL,
    deleted_by VARCHAR(100) NULL,
    PRIMARY KEY (id_role),
    UNIQUE KEY name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
