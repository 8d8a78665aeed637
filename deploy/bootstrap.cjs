#!/usr/bin/env node
// Makes `npm start` / `npm test` (and their pnpm twins) work on a fresh clone
// with nothing but Node: installs the workspace with the pinned pnpm when
// node_modules is missing or older than the lockfile. Fast no-op otherwise.
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'node_modules', '.modules.yaml');
const lockfile = join(root, 'pnpm-lock.yaml');
const pnpmVersion = require(join(root, 'package.json')).packageManager.split('@')[1];

function upToDate() {
  return existsSync(marker) && statSync(marker).mtimeMs >= statSync(lockfile).mtimeMs;
}

function localPnpmMatches() {
  try {
    return execFileSync('pnpm', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === pnpmVersion;
  } catch {
    return false;
  }
}

if (!upToDate()) {
  const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
  const [command, args] = localPnpmMatches()
    ? ['pnpm', ['install', ...frozen]]
    : ['npx', ['-y', `pnpm@${pnpmVersion}`, 'install', ...frozen]];
  process.stdout.write(`[atalaia] installing dependencies with pnpm ${pnpmVersion}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, COREPACK_INTEGRITY_KEYS: '0' } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
