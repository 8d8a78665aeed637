#!/usr/bin/env node
// Makes the README's commands work on a fresh clone with nothing but Node (no
// global pnpm, nothing generated): installs the workspace with the pinned pnpm
// when node_modules is missing or older than the lockfile, generates the
// Prisma client of every service whose client is missing or older than its
// schema (or than the install), then compiles the services and the launcher to
// JavaScript when their sources changed (deploy/build.cjs). A fast, silent
// no-op when all three are up to date.
//
//   node deploy/bootstrap.cjs                         install + generate + compile, when needed
//   node deploy/bootstrap.cjs --force                 the same, compiling even when current
//   node deploy/bootstrap.cjs --install-only          install, when needed
//   node deploy/bootstrap.cjs --run <dir> <script> [args…]
//       install + generate, then run <dir>'s package script with the given
//       arguments, through the workspace's own pnpm (the scripts run TypeScript,
//       so nothing is compiled); a <dir> ending in /<service> takes the folder
//       name from the first argument (e.g. `--run services/<service> migrate gateway`).
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { delimiter, join, resolve } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'node_modules', '.modules.yaml');
const lockfile = join(root, 'pnpm-lock.yaml');
const pnpmVersion = require(join(root, 'package.json')).packageManager.split('@')[1];
const say = (line) => process.stdout.write(`[atalaia] ${line}\n`);

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : -1);

function installUpToDate() {
  return existsSync(marker) && mtime(marker) >= mtime(lockfile);
}

/** The pnpm the workspace installed for itself (a devDependency), when it is the pinned version. */
function workspacePnpm() {
  const dir = join(root, 'node_modules', 'pnpm');
  try {
    const { version, bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return version === pnpmVersion ? join(dir, bin.pnpm) : undefined;
  } catch {
    return undefined;
  }
}

function pathPnpmMatches() {
  try {
    return execFileSync('pnpm', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === pnpmVersion;
  } catch {
    return false;
  }
}

function install() {
  const args = ['install', ...(process.env.CI ? ['--frozen-lockfile'] : [])];
  const local = workspacePnpm();
  const [command, commandArgs] = local
    ? [process.execPath, [local, ...args]]
    : pathPnpmMatches()
      ? ['pnpm', args]
      : ['npx', ['-y', `pnpm@${pnpmVersion}`, ...args]];
  say(`installing dependencies with pnpm ${pnpmVersion}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, COREPACK_INTEGRITY_KEYS: '0' } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Services with a Prisma schema whose generated client is missing, or older than the schema or the last install. */
function staleClients() {
  const servicesDir = join(root, 'services');
  const installedAt = mtime(marker);
  return readdirSync(servicesDir)
    .map((name) => ({ name, dir: join(servicesDir, name), schema: join(servicesDir, name, 'prisma', 'schema.prisma') }))
    .filter(({ schema }) => existsSync(schema))
    .filter(({ dir, schema }) => {
      const output = /^\s*output\s*=\s*"([^"]+)"/m.exec(readFileSync(schema, 'utf8'))?.[1];
      if (!output) return false; // the default output (node_modules/.prisma) is not ours to manage
      const client = mtime(join(resolve(dir, 'prisma', output), 'client.ts'));
      return client < mtime(schema) || client < installedAt;
    });
}

/** Runs the offline generator (packages/database/bin/prisma-generate.js) in each service, two at a time. */
async function generate(services) {
  say(`generating the Prisma clients of ${services.map(({ name }) => name).join(', ')}`);
  const generator = join(root, 'packages', 'database', 'bin', 'prisma-generate.js');
  const run = ({ name, dir }) =>
    new Promise((resolveRun) => {
      const PATH = [join(dir, 'node_modules', '.bin'), join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter);
      const child = spawn(process.execPath, [generator], { cwd: dir, env: { ...process.env, PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('error', (error) => resolveRun({ name, ok: false, output: `${output}${error.message}` }));
      child.on('close', (code) => resolveRun({ name, ok: code === 0, output }));
    });
  const queue = [...services];
  const results = [];
  await Promise.all(
    [0, 1].map(async () => {
      for (let next = queue.shift(); next; next = queue.shift()) results.push(await run(next));
    }),
  );
  const failed = results.filter(({ ok }) => !ok);
  for (const { name, output } of failed) process.stderr.write(`[atalaia] prisma generate failed in services/${name}:\n${output}\n`);
  if (failed.length > 0) process.exit(1);
}

/** `--run <dir> <script> [args…]`: the package script, with the workspace's pnpm (no global one needed). */
function runPackageScript([dirPattern, script, ...args]) {
  let dir = dirPattern;
  if (dirPattern?.endsWith('/<service>')) {
    const parent = dirPattern.slice(0, -'/<service>'.length);
    const choices = readdirSync(join(root, parent)).filter((name) => readPackageScripts(join(parent, name))?.[script]);
    const service = args.shift();
    if (!service || !choices.includes(service)) {
      process.stderr.write(`usage: npm run ${script} -- <${choices.join('|')}> [arguments…]\n`);
      process.exit(2);
    }
    dir = join(parent, service);
  }
  if (!dir || !script || !readPackageScripts(dir)?.[script]) {
    process.stderr.write(`bootstrap: ${dir}/package.json has no script "${script}"\n`);
    process.exit(2);
  }
  const pnpm = workspacePnpm();
  if (!pnpm) {
    process.stderr.write(`bootstrap: pnpm ${pnpmVersion} is not installed in node_modules\n`);
    process.exit(1);
  }
  const result = spawnSync(process.execPath, [pnpm, '--silent', '--dir', join(root, dir), 'run', script, ...args], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

function readPackageScripts(dir) {
  try {
    return JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).scripts;
  } catch {
    return undefined;
  }
}

/** The services and the launcher as JavaScript (see deploy/build.cjs), when their sources changed. */
async function compile(force) {
  try {
    await require('./build.cjs').build({ force, log: say });
  } catch (error) {
    process.stderr.write(`[atalaia] compiling to JavaScript failed: ${error.message}\n`);
    process.exit(1);
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const installOnly = argv[0] === '--install-only';
  const runArgs = argv[0] === '--run' ? argv.slice(1) : undefined;
  if (!installUpToDate()) install();
  if (!installOnly) {
    const stale = staleClients();
    if (stale.length > 0) await generate(stale);
  }
  if (runArgs) runPackageScript(runArgs);
  else if (!installOnly) await compile(argv.includes('--force'));
}

void main();
