-- Rollback for 26_skeema_maria108_desc_index.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP FUNCTION IF EXISTS `maria108func`;
DROP TABLE IF EXISTS `maria108idx`;
SET FOREIGN_KEY_CHECKS=1;
