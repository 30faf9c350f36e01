-- Add description field to colors table
--
-- Revision ID: 2c7b8e0f4a69_add_description_to_colors
-- Revises: a9d4f2e61c35_add_hex_code_to_colors
-- Create Date: 2026-03-04 10:45:12 UTC
-- Author: Muebles Roble DBA team
-- depends: a9d4f2e61c35_add_hex_code_to_colors

ALTER TABLE colors ADD COLUMN description VARCHAR(255) NULL, ALGORITHM=INSTANT;
