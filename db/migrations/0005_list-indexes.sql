DROP INDEX `sessions_queue_idx`;--> statement-breakpoint
DROP INDEX `sessions_local_clerk_idx`;--> statement-breakpoint
CREATE INDEX `sessions_home_clerk_idx` ON `sessions` (`home_clerk_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `sessions_jurisdiction_created_idx` ON `sessions` (`home_jurisdiction_code`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `sessions_queue_idx` ON `sessions` (`home_jurisdiction_code`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `sessions_local_clerk_idx` ON `sessions` (`local_clerk_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `cases_jurisdiction_due_idx` ON `cases` (`home_jurisdiction_code`,(CASE WHEN "due_date" IS NULL THEN '9999-12-31' ELSE "due_date" END),(-"id"));