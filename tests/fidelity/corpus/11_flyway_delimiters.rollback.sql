-- Rollback for 11_flyway_delimiters.sql: drops every object that file creates in the current database.
DROP FUNCTION IF EXISTS `format_time`;
DROP PROCEDURE IF EXISTS `init_fact_references`;
