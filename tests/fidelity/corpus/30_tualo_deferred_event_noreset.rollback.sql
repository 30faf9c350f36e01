-- Rollback for 30_tualo_deferred_event_noreset.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP EVENT IF EXISTS `event_deferred_sql_tasks`;
DROP PROCEDURE IF EXISTS `proc_deferred_sql_tasks`;
DROP TABLE IF EXISTS `deferred_sql_tasks`;
DROP TABLE IF EXISTS `deferred_sql_tasks_log`;
SET FOREIGN_KEY_CHECKS=1;
