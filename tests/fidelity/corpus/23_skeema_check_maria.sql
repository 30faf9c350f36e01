# Tables using MariaDB's check constraints


CREATE TABLE `has_checks1` (
	`id` int unsigned NOT NULL auto_increment,
	`num1` int DEFAULT NULL CHECK (num1 < 100),
	`num2` int DEFAULT NULL,
	`num3` int DEFAULT NULL CHECK (num3 <> 0 AND num3 <> 1 AND num3 != 2 AND num3 <> 3 AND num3 <> 4 AND num3 != 5),
	`name` varchar(100),
	PRIMARY KEY (id),
	CONSTRAINT mult_cols CHECK (num1 < num2),
	CHECK (num3 >= num1),
	CONSTRAINT name_not_inline CHECK (name != 'bob\'s name or maybe some other name let\'s make this a long string too € to test it' AND length(name) > 3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

