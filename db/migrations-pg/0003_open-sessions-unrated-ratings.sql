CREATE INDEX "sessions_status_idx" ON "sessions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ratings_unrated_expiry_idx" ON "ratings" USING btree ("level","expires_at");