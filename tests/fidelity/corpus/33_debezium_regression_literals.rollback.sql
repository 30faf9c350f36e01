-- Rollback for 33_debezium_regression_literals.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP TABLE IF EXISTS `dbz84_integer_types_table`;
DROP TABLE IF EXISTS `dbz_100_enumsettest`;
DROP TABLE IF EXISTS `dbz_102_charsettest`;
DROP TABLE IF EXISTS `dbz_114_zerovaluetest`;
DROP TABLE IF EXISTS `dbz_123_bitvaluetest`;
DROP TABLE IF EXISTS `dbz_1318_zerovaluetest`;
DROP TABLE IF EXISTS `dbz_147_decimalvalues`;
DROP TABLE IF EXISTS `dbz_195_numvalues`;
DROP TABLE IF EXISTS `dbz_342_timetest`;
DROP TABLE IF EXISTS `dbz_85_fractest`;
DROP TABLE IF EXISTS `t1464075356413_testtable6`;
SET FOREIGN_KEY_CHECKS=1;
