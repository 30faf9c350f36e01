-- Roll back: Add color to furniture with foreign key fk_furniture_color
-- Revision ID: c41d7e9b0f26_add_color_to_furniture

ALTER TABLE furniture DROP FOREIGN KEY fk_furniture_color, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE furniture DROP INDEX fk_furniture_color, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE furniture DROP COLUMN id_color, ALGORITHM=INPLACE, LOCK=NONE;
