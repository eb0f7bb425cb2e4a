import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL store (VWINDOW_DATABASE_URL): its schema mirrors db/src/schema, its migrations are its own. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/src/schema-pg/index.ts',
  out: './db/migrations-pg',
  casing: 'snake_case',
});
