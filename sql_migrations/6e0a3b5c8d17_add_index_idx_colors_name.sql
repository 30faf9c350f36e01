-- Add index idx_colors_name
--
-- Revision ID: 6e0a3b5c8d17_add_index_idx_colors_name
-- Revises: c41d7e9b0f26_add_color_to_furniture
-- Create Date: 2026-03-03 11:05:31 UTC
-- Author: Muebles Roble DBA team
-- depends: c41d7e9b0f26_add_color_to_furniture

CREATE INDEX idx_colors_name ON colors (name) ALGORITHM=INPLACE LOCK=NONE;
