-- Add hex_code field to colors table
--
-- Revision ID: a9d4f2e61c35_add_hex_code_to_colors
-- Revises: 6e0a3b5c8d17_add_index_idx_colors_name
-- Create Date: 2026-03-04 10:30:00 UTC
-- Author: Muebles Roble DBA team
-- depends: 6e0a3b5c8d17_add_index_idx_colors_name

ALTER TABLE colors ADD COLUMN hex_code VARCHAR(7) NULL, ALGORITHM=INSTANT;
