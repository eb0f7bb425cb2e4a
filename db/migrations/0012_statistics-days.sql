CREATE TABLE `statistics_day_marks` (
	`jurisdiction_code` text NOT NULL,
	`day` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`computed_version` integer,
	PRIMARY KEY(`jurisdiction_code`, `day`),
	FOREIGN KEY (`jurisdiction_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `statistics_days` (
	`jurisdiction_code` text NOT NULL,
	`day` text NOT NULL,
	`dimension` text NOT NULL,
	`group_key` text NOT NULL,
	`first_seen` integer NOT NULL,
	`sessions` integer NOT NULL,
	`waits_ms` text NOT NULL,
	`handling_ms` text NOT NULL,
	`ratings` integer NOT NULL,
	`satisfied` integer NOT NULL,
	`cases` integer NOT NULL,
	`supplemented` integer NOT NULL,
	PRIMARY KEY(`jurisdiction_code`, `day`, `dimension`, `group_key`),
	FOREIGN KEY (`jurisdiction_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action
);
