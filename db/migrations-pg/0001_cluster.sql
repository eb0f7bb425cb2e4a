CREATE TABLE "cluster_nodes" (
	"id" text PRIMARY KEY NOT NULL,
	"public_url" text NOT NULL,
	"media_address" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"heartbeat_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "room_leases" (
	"session_id" text PRIMARY KEY NOT NULL,
	"node_id" text NOT NULL,
	"acquired_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "room_leases" ADD CONSTRAINT "room_leases_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_leases" ADD CONSTRAINT "room_leases_node_id_cluster_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."cluster_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "room_leases_node_idx" ON "room_leases" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "room_leases_expires_idx" ON "room_leases" USING btree ("expires_at");