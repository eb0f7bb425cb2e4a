CREATE TABLE "statistics_day_marks" (
	"jurisdiction_code" text NOT NULL,
	"day" text NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"computed_version" integer,
	CONSTRAINT "statistics_day_marks_jurisdiction_code_day_pk" PRIMARY KEY("jurisdiction_code","day")
);
--> statement-breakpoint
CREATE TABLE "statistics_days" (
	"jurisdiction_code" text NOT NULL,
	"day" text NOT NULL,
	"dimension" text NOT NULL,
	"group_key" text NOT NULL,
	"first_seen" integer NOT NULL,
	"sessions" integer NOT NULL,
	"waits_ms" jsonb NOT NULL,
	"handling_ms" jsonb NOT NULL,
	"ratings" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"cases" integer NOT NULL,
	"supplemented" integer NOT NULL,
	CONSTRAINT "statistics_days_jurisdiction_code_day_dimension_group_key_pk" PRIMARY KEY("jurisdiction_code","day","dimension","group_key")
);
--> statement-breakpoint
ALTER TABLE "statistics_day_marks" ADD CONSTRAINT "statistics_day_marks_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statistics_days" ADD CONSTRAINT "statistics_days_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;