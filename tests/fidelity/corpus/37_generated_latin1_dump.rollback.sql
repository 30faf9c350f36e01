-- Rollback for 37_generated_latin1_dump.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP TABLE IF EXISTS `Customer`;
SET FOREIGN_KEY_CHECKS=1;
