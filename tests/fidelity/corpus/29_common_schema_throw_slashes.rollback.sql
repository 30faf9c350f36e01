-- Rollback for 29_common_schema_throw_slashes.sql: drops every object that file creates in the current database.
DROP PROCEDURE IF EXISTS `throw`;
