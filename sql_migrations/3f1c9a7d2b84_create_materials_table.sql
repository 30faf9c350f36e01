-- Create materials table
--
-- Revision ID: 3f1c9a7d2b84_create_materials_table
-- Revises: e57af1e0a8f8_create_roles_table
-- Create Date: 2026-02-24 09:41:13 UTC
-- Author: Muebles Roble DBA team
-- depends: e57af1e0a8f8_create_roles_table

CREATE TABLE materials (
    id_material INT NOT NULL AUTO_INCREMENT,
    name VARCHAR(100) NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,
    deleted_at TIMESTAMP NULL DEFAULT NULL,
    created_by VARCHAR(100) NULL,
    updated_by VARCHAR(100) NULL,
    deleted_by VARCHAR(100) NULL,
    PRIMARY KEY (id_material),
    UNIQUE KEY name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
