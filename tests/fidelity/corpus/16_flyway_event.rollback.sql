-- Rollback for 16_flyway_event.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP EVENT IF EXISTS `myevent`;
DROP TABLE IF EXISTS `mytable`;
SET FOREIGN_KEY_CHECKS=1;
