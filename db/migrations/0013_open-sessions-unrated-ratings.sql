CREATE INDEX `sessions_status_idx` ON `sessions` (`status`);--> statement-breakpoint
CREATE INDEX `ratings_unrated_expiry_idx` ON `ratings` (`level`,`expires_at`);