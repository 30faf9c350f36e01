-- Rollback for 23_skeema_check_maria.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP TABLE IF EXISTS `has_checks1`;
SET FOREIGN_KEY_CHECKS=1;
