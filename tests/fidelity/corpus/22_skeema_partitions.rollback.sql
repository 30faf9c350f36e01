-- Rollback for 22_skeema_partitions.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP TABLE IF EXISTS `phash`;
DROP TABLE IF EXISTS `phashexplicit`;
DROP TABLE IF EXISTS `pkey`;
DROP TABLE IF EXISTS `pkeyalgo1`;
DROP TABLE IF EXISTS `pkeypk`;
DROP TABLE IF EXISTS `plinearhash`;
DROP TABLE IF EXISTS `plinearkey`;
DROP TABLE IF EXISTS `plinearkeyexplicit`;
DROP TABLE IF EXISTS `plinearkeynocount`;
DROP TABLE IF EXISTS `plist`;
DROP TABLE IF EXISTS `plistcol`;
DROP TABLE IF EXISTS `prange`;
DROP TABLE IF EXISTS `prangecol`;
SET FOREIGN_KEY_CHECKS=1;
