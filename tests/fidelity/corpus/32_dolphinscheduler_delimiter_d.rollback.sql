-- Rollback for 32_dolphinscheduler_delimiter_d.sql: drops every object that file creates in the current database.
DROP PROCEDURE IF EXISTS `uc_dolphin_T_t_ds_task_instance_C_app_link`;
DROP PROCEDURE IF EXISTS `uc_dolphin_T_t_ds_process_instance_R_worker_group_id`;
DROP PROCEDURE IF EXISTS `uc_dolphin_T_t_ds_task_instance_R_worker_group_id`;
DROP PROCEDURE IF EXISTS `uc_dolphin_T_t_ds_schedules_R_worker_group_id`;
DROP PROCEDURE IF EXISTS `uc_dolphin_T_t_ds_command_R_worker_group_id`;
DROP PROCEDURE IF EXISTS `uc_dolphin_T_t_ds_error_command_R_worker_group_id`;
