CREATE TABLE `case_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`items` text NOT NULL,
	`reason` text,
	`legal_basis` text NOT NULL,
	`deadline` text,
	`contact` text NOT NULL,
	`issued_by_id` integer NOT NULL,
	`issued_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_notices_case_idx` ON `case_notices` (`case_id`,`id`);--> statement-breakpoint
CREATE TABLE `matter_notice_bases` (
	`matter_id` integer PRIMARY KEY NOT NULL,
	`legal_basis` text NOT NULL,
	FOREIGN KEY (`matter_id`) REFERENCES `matters`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`case_id` integer NOT NULL,
	`session_id` text NOT NULL,
	`method` text NOT NULL,
	`document_sha256` text NOT NULL,
	`image` blob NOT NULL,
	`image_sha256` text NOT NULL,
	`taken_by_id` integer NOT NULL,
	`signed_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `signing_documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`taken_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signatures_case_idx` ON `signatures` (`case_id`,`signed_at`);--> statement-breakpoint
CREATE INDEX `signatures_document_idx` ON `signatures` (`document_id`);--> statement-breakpoint
CREATE TABLE `signing_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` integer NOT NULL,
	`session_id` text NOT NULL,
	`kind` text NOT NULL,
	`sha256` text NOT NULL,
	`pdf` blob NOT NULL,
	`created_by_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signing_documents_case_idx` ON `signing_documents` (`case_id`,`created_at`);