#!/usr/bin/env node
// Applies a service's SQL migrations (./prisma/migrations) to DATABASE_URL,
// recording them as `prisma migrate deploy` would. Run from the service folder.
require('tsx/cjs');
const path = require('node:path');
const { applyMigrations } = require('../src/migrations.ts');

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
applyMigrations(databaseUrl, path.resolve('prisma', 'migrations')).then(
  (applied) => console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date'),
  (error) => {
    console.error(error.message);
    process.exit(1);
  },
);
