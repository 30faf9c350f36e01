-- Rollback for 17_ghost_generated_event.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP EVENT IF EXISTS `gh_ost_test`;
DROP TABLE IF EXISTS `gh_ost_test`;
SET FOREIGN_KEY_CHECKS=1;
