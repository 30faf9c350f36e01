-- Rollback for 31_tualo_triggers_noreset.sql: drops every object that file creates in the current database.
SET FOREIGN_KEY_CHECKS=0;
DROP TRIGGER IF EXISTS `trigger_ds_pug_templates_bi_name`;
DROP TRIGGER IF EXISTS `trigger_ds_pug_templates_bu_name`;
DROP TABLE IF EXISTS `ds_pug_templates`;
SET FOREIGN_KEY_CHECKS=1;
