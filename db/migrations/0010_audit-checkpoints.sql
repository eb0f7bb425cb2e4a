CREATE TABLE `audit_checkpoints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`audit_id` integer NOT NULL,
	`hash` text NOT NULL,
	`rows` integer NOT NULL,
	`verified_at` integer NOT NULL
);
