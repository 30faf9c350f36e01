-- Rollback for 14_flyway_hash_comments.sql: drops every object that file creates in the current database.
DROP PROCEDURE IF EXISTS `tv_$copy_filtered`;
