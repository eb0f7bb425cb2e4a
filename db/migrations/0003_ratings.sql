CREATE TABLE `rating_appeals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rating_id` integer NOT NULL,
	`clerk_id` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decision_note` text,
	`decided_by_id` integer,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`rating_id`) REFERENCES `ratings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`clerk_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rating_appeals_rating_idx` ON `rating_appeals` (`rating_id`);--> statement-breakpoint
ALTER TABLE `follow_ups` ADD `return_call_by_id` integer REFERENCES staff(id);--> statement-breakpoint
ALTER TABLE `follow_ups` ADD `rectified_at` integer;--> statement-breakpoint
ALTER TABLE `follow_ups` ADD `rectified_by_id` integer REFERENCES staff(id);--> statement-breakpoint
ALTER TABLE `ratings` ADD `excluded_from_stats` integer DEFAULT false NOT NULL;