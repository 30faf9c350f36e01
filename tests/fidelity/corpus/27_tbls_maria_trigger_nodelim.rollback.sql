-- Rollback for 27_tbls_maria_trigger_nodelim.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP TRIGGER IF EXISTS `update_posts_updated`;
DROP VIEW IF EXISTS `post_comments`;
DROP TABLE IF EXISTS `CamelizeTable`;
DROP TABLE IF EXISTS `comments`;
DROP TABLE IF EXISTS `comment_stars`;
DROP TABLE IF EXISTS `hyphen-table`;
DROP TABLE IF EXISTS `logs`;
DROP TABLE IF EXISTS `posts`;
DROP TABLE IF EXISTS `same_name_constraints`;
DROP TABLE IF EXISTS `users`;
DROP TABLE IF EXISTS `user_options`;
SET FOREIGN_KEY_CHECKS=1;
