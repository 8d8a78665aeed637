#!/usr/bin/env node
// Runs `prisma generate` offline. The Prisma CLI insists on downloading its
// schema-engine binary before every command, even though generation never uses
// it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that.
const { spawnSync } = require('node:child_process');

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const result = spawnSync('prisma', ['generate'], { stdio: 'inherit', env, shell: false });
process.exit(result.status ?? 1);
