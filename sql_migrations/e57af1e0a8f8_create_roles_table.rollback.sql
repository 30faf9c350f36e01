-- Roll back: create roles table
-- Revision ID: e57af1e0a8f8_create_roles_table

DROP TABLE roles;
