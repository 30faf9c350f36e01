-- Rollback for 04_chinook_bom_crlf.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP TABLE IF EXISTS `Album`;
DROP TABLE IF EXISTS `Artist`;
DROP TABLE IF EXISTS `Customer`;
DROP TABLE IF EXISTS `Employee`;
DROP TABLE IF EXISTS `Genre`;
DROP TABLE IF EXISTS `Invoice`;
DROP TABLE IF EXISTS `InvoiceLine`;
DROP TABLE IF EXISTS `MediaType`;
DROP TABLE IF EXISTS `Playlist`;
DROP TABLE IF EXISTS `PlaylistTrack`;
DROP TABLE IF EXISTS `Track`;
SET FOREIGN_KEY_CHECKS=1;
