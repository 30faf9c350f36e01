-- Rollback for 12_flyway_procedures.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP PROCEDURE IF EXISTS `AddData`;
DROP PROCEDURE IF EXISTS `callMe`;
DROP PROCEDURE IF EXISTS `callMe2`;
DROP PROCEDURE IF EXISTS `get_stats_bonus_cumul`;
DROP PROCEDURE IF EXISTS `sp_temp`;
DROP TABLE IF EXISTS `test_data`;
SET FOREIGN_KEY_CHECKS=1;
