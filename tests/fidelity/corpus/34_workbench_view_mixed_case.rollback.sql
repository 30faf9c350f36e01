-- Rollback for 34_workbench_view_mixed_case.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP TABLE IF EXISTS `Table1`;
SET FOREIGN_KEY_CHECKS=1;
