-- Rollback for 28_common_schema_dollar_noreset.sql: drops every object that file creates in the current database.
DROP FUNCTION IF EXISTS `trim_wspace`;
