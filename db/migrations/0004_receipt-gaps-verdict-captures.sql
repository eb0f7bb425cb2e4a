ALTER TABLE `cases` ADD `receipt_gaps` text;--> statement-breakpoint
ALTER TABLE `identity_checks` ADD `capture_ids` text;