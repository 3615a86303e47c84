import { defineConfig } from 'drizzle-kit';

// Migrations are generated (`npm run db:generate -w @sluice/warehouse`) and committed; they are applied by
// `migrateWarehouse`. drizzle-kit push/pull misbehave on MariaDB, so neither is used.
export default defineConfig({
  dialect: 'mysql',
  schema: './src/schema.ts',
  out: './drizzle',
  casing: 'snake_case',
});
