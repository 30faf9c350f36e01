-- Rollback for 25_skeema_spatial_srid.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP TABLE IF EXISTS `has_geo`;
SET FOREIGN_KEY_CHECKS=1;
