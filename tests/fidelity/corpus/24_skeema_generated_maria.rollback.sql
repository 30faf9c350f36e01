-- Rollback for 24_skeema_generated_maria.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP TABLE IF EXISTS `staff`;
SET FOREIGN_KEY_CHECKS=1;
