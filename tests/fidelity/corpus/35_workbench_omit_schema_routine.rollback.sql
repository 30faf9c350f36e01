-- Rollback for 35_workbench_omit_schema_routine.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP PROCEDURE IF EXISTS `routine1`;
DROP PROCEDURE IF EXISTS `routine2`;
DROP TABLE IF EXISTS `table1`;
SET FOREIGN_KEY_CHECKS=1;
