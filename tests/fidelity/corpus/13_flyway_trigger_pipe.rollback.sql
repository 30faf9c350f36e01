-- Rollback for 13_flyway_trigger_pipe.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP TRIGGER IF EXISTS `testref`;
DROP TABLE IF EXISTS `test1`;
DROP TABLE IF EXISTS `test2`;
DROP TABLE IF EXISTS `test3`;
DROP TABLE IF EXISTS `test4`;
SET FOREIGN_KEY_CHECKS=1;
