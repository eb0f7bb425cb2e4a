CREATE TABLE `cluster_nodes` (
	`id` text PRIMARY KEY NOT NULL,
	`public_url` text NOT NULL,
	`media_address` text NOT NULL,
	`started_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `room_leases` (
	`session_id` text PRIMARY KEY NOT NULL,
	`node_id` text NOT NULL,
	`acquired_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`node_id`) REFERENCES `cluster_nodes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `room_leases_node_idx` ON `room_leases` (`node_id`);--> statement-breakpoint
CREATE INDEX `room_leases_expires_idx` ON `room_leases` (`expires_at`);