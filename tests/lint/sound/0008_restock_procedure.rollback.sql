DROP PROCEDURE parts_to_reorder;
