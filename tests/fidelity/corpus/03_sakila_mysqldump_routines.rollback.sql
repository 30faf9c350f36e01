-- Rollback for 03_sakila_mysqldump_routines.sql: drops every object that file creates in the current database.
DROP FUNCTION IF EXISTS `get_customer_balance`;
DROP FUNCTION IF EXISTS `inventory_held_by_customer`;
DROP FUNCTION IF EXISTS `inventory_in_stock`;
DROP PROCEDURE IF EXISTS `film_in_stock`;
DROP PROCEDURE IF EXISTS `film_not_in_stock`;
DROP PROCEDURE IF EXISTS `rewards_report`;
