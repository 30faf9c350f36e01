-- Rollback for 20_ghost_triggers_event.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP EVENT IF EXISTS `gh_ost_test`;
DROP TRIGGER IF EXISTS `gh_ost_test_ad`;
DROP TRIGGER IF EXISTS `gh_ost_test_ai`;
DROP TRIGGER IF EXISTS `gh_ost_test_au`;
DROP TRIGGER IF EXISTS `gh_ost_test_bd`;
DROP TRIGGER IF EXISTS `gh_ost_test_bi`;
DROP TRIGGER IF EXISTS `gh_ost_test_bu`;
DROP TABLE IF EXISTS `gh_ost_test`;
DROP TABLE IF EXISTS `gh_ost_test_log`;
DROP TABLE IF EXISTS `gh_ost_test_stats`;
SET FOREIGN_KEY_CHECKS=1;
