CREATE TABLE `matter_recording_policies` (
	`matter_id` integer PRIMARY KEY NOT NULL,
	`required` integer NOT NULL,
	FOREIGN KEY (`matter_id`) REFERENCES `matters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `recording_notices` (
	`session_id` text PRIMARY KEY NOT NULL,
	`confirmed_by_id` integer NOT NULL,
	`confirmed_at` integer NOT NULL,
	`notice` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `recording_policies` (
	`jurisdiction_code` text PRIMARY KEY NOT NULL,
	`required` integer DEFAULT true NOT NULL,
	`retention_days` integer DEFAULT 180 NOT NULL,
	FOREIGN KEY (`jurisdiction_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `recordings` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`entry` text NOT NULL,
	`track` text NOT NULL,
	`side` text NOT NULL,
	`source` text NOT NULL,
	`media_kind` text NOT NULL,
	`staff_id` integer,
	`file` text,
	`started_at` integer NOT NULL,
	`ended_at` integer NOT NULL,
	`bytes` integer,
	`sha256` text,
	`gap_reason` text,
	`purged_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recordings_session_idx` ON `recordings` (`session_id`,`started_at`);