-- Add color to furniture with foreign key fk_furniture_color
--
-- Revision ID: c41d7e9b0f26_add_color_to_furniture
-- Revises: 8b2e6d4f1a93_create_furniture_table
-- Create Date: 2026-03-02 16:20:05 UTC
-- Author: Muebles Roble DBA team
-- depends: 8b2e6d4f1a93_create_furniture_table

-- One ALTER, so the column and its foreign key arrive together or not at all.
-- Adding a foreign key with foreign_key_checks=1 needs ALGORITHM=COPY.
-- roble: ignore RB203 MariaDB refuses INPLACE for a foreign key added with foreign_key_checks=1
ALTER TABLE furniture
    ADD COLUMN id_color INT NULL,
    ADD CONSTRAINT fk_furniture_color FOREIGN KEY (id_color) REFERENCES colors (id_color),
    ALGORITHM=COPY, LOCK=SHARED;
