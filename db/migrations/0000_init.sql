CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `captures` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`material_id` integer,
	`kind` text NOT NULL,
	`mime_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`width` integer,
	`height` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`review_note` text,
	`captured_by_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`material_id`) REFERENCES `matter_materials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`captured_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `captures_session_idx` ON `captures` (`session_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_number` text NOT NULL,
	`session_id` text NOT NULL,
	`matter_id` integer NOT NULL,
	`home_jurisdiction_code` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`due_date` text NOT NULL,
	`decision_reason` text,
	`result` text,
	`delivery_method` text,
	`tracking_number` text,
	`created_by_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`matter_id`) REFERENCES `matters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`home_jurisdiction_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_case_number_unique` ON `cases` (`case_number`);--> statement-breakpoint
CREATE INDEX `cases_jurisdiction_status_idx` ON `cases` (`home_jurisdiction_code`,`status`);--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rating_id` integer NOT NULL,
	`jurisdiction_code` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`deadline` text NOT NULL,
	`return_call_at` integer,
	`return_call_outcome` text,
	`rectification` text,
	`closed_at` integer,
	`closed_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`rating_id`) REFERENCES `ratings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`jurisdiction_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `follow_ups_rating_id_unique` ON `follow_ups` (`rating_id`);--> statement-breakpoint
CREATE TABLE `identity_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`verdict` text NOT NULL,
	`reason` text,
	`checked_by_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`checked_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `identity_checks_session_idx` ON `identity_checks` (`session_id`);--> statement-breakpoint
CREATE TABLE `jurisdictions` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`parent_code` text,
	FOREIGN KEY (`parent_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "jurisdictions_code_format" CHECK(length("jurisdictions"."code") = 6 AND "jurisdictions"."code" GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')
);
--> statement-breakpoint
CREATE INDEX `jurisdictions_parent_idx` ON `jurisdictions` (`parent_code`);--> statement-breakpoint
CREATE TABLE `matter_materials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`matter_id` integer NOT NULL,
	`name` text NOT NULL,
	`required` integer DEFAULT true NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`matter_id`) REFERENCES `matters`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `matter_materials_matter_idx` ON `matter_materials` (`matter_id`);--> statement-breakpoint
CREATE TABLE `matters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`home_jurisdiction_code` text NOT NULL,
	`time_limit_days` integer NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`home_jurisdiction_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "matters_time_limit_positive" CHECK("matters"."time_limit_days" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `matters_code_unique` ON `matters` (`code`);--> statement-breakpoint
CREATE INDEX `matters_home_jurisdiction_idx` ON `matters` (`home_jurisdiction_code`);--> statement-breakpoint
CREATE TABLE `ratings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`level` integer,
	`reasons` text,
	`comment` text,
	`is_default` integer DEFAULT false NOT NULL,
	`home_clerk_id` integer,
	`local_service_point_id` integer,
	`home_service_point_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`rated_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`home_clerk_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`local_service_point_id`) REFERENCES `service_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`home_service_point_id`) REFERENCES `service_points`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ratings_level_range" CHECK("ratings"."level" IS NULL OR "ratings"."level" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ratings_token_hash_unique` ON `ratings` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `ratings_session_unique` ON `ratings` (`session_id`);--> statement-breakpoint
CREATE TABLE `service_points` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`jurisdiction_code` text NOT NULL,
	`name` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`side` text NOT NULL,
	FOREIGN KEY (`jurisdiction_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `service_points_jurisdiction_idx` ON `service_points` (`jurisdiction_code`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`matter_id` integer NOT NULL,
	`home_jurisdiction_code` text NOT NULL,
	`local_service_point_id` integer NOT NULL,
	`local_clerk_id` integer NOT NULL,
	`home_service_point_id` integer,
	`home_clerk_id` integer,
	`citizen_name` text NOT NULL,
	`citizen_id_number` text NOT NULL,
	`citizen_phone` text NOT NULL,
	`status` text DEFAULT 'waiting' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`accepted_at` integer,
	`ended_at` integer,
	`ended_by_id` integer,
	`end_reason` text,
	FOREIGN KEY (`matter_id`) REFERENCES `matters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`home_jurisdiction_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`local_service_point_id`) REFERENCES `service_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`local_clerk_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`home_service_point_id`) REFERENCES `service_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`home_clerk_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ended_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_queue_idx` ON `sessions` (`home_jurisdiction_code`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `sessions_local_clerk_idx` ON `sessions` (`local_clerk_id`);--> statement-breakpoint
CREATE TABLE `sign_ins` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`staff_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`user_agent` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sign_ins_staff_idx` ON `sign_ins` (`staff_id`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`jurisdiction_code` text NOT NULL,
	`service_point_id` integer,
	`password_hash` text NOT NULL,
	`failed_sign_ins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`jurisdiction_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_point_id`) REFERENCES `service_points`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_username_unique` ON `staff` (`username`);--> statement-breakpoint
CREATE INDEX `staff_jurisdiction_idx` ON `staff` (`jurisdiction_code`);