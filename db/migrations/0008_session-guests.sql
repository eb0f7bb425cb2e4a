CREATE TABLE `session_guests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`role` text NOT NULL,
	`status` text DEFAULT 'invited' NOT NULL,
	`token_hash` text NOT NULL,
	`key_hash` text,
	`name` text,
	`invited_by_id` integer NOT NULL,
	`invited_at` integer NOT NULL,
	`knocked_at` integer,
	`decided_by_id` integer,
	`decided_at` integer,
	`removed_by_id` integer,
	`removed_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`removed_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_guests_token_hash_unique` ON `session_guests` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `session_guests_key_hash_unique` ON `session_guests` (`key_hash`);--> statement-breakpoint
CREATE INDEX `session_guests_session` ON `session_guests` (`session_id`);