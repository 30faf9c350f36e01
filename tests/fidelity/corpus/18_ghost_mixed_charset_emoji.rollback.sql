-- Rollback for 18_ghost_mixed_charset_emoji.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP EVENT IF EXISTS `gh_ost_test`;
DROP TABLE IF EXISTS `gh_ost_test`;
SET FOREIGN_KEY_CHECKS=1;
