#!/usr/bin/env node
// Compiles what `npm start` and the container image run into JavaScript: each
// service's src/main.ts into services/<service>/dist/main.js, and the launcher
// into deploy/local-stack/dist/start-system.js; and builds the operator console
// (packages/console, Vite) into packages/console/dist, which the gateway serves
// at /console/. TypeScript stays the source;
// tests keep importing it. Run by deploy/bootstrap.cjs, and cached: a build is
// skipped while every output exists and no input changed since it was made.
//
//   node deploy/build.cjs             build when stale
//   node deploy/build.cjs --force     build anyway
//
// One bundle per entry point: our workspace packages (@atalaia/*) and the
// generated Prisma clients are compiled in; third-party packages stay in
// node_modules, required by their path from the output file, because pnpm
// gives a service no access to the dependencies of the packages it bundles.
// Source maps let `node --enable-source-maps` name .ts files in stack traces.
const { spawn } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, sep } = require('node:path');

const root = join(__dirname, '..');
const stampFile = join(root, 'node_modules', '.cache', 'atalaia-build.json');
/** What invalidates every output besides its own inputs: how node_modules is laid out, and this script. */
const sharedInputs = ['pnpm-lock.yaml', join('node_modules', '.modules.yaml'), join('deploy', 'build.cjs'), 'tsconfig.base.json'];

/** The programs to compile: every service with a src/main.ts, and the launcher behind `npm start`. */
function targets() {
  const services = readdirSync(join(root, 'services'))
    .filter((name) => existsSync(join(root, 'services', name, 'src', 'main.ts')))
    .map((name) => ({ entry: join('services', name, 'src', 'main.ts'), output: join('services', name, 'dist', 'main.js') }));
  return [...services, { entry: join('deploy', 'local-stack', 'src', 'start-system.ts'), output: join('deploy', 'local-stack', 'dist', 'start-system.js') }];
}

const mtime = (file) => {
  try {
    return statSync(join(root, file)).mtimeMs;
  } catch {
    return Infinity; // a missing input (deleted or renamed) means rebuild
  }
};

/** Why a build is needed, or undefined when the last one is current. */
function staleness(wanted) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return 'no previous build';
  }
  for (const { output } of wanted) {
    if (!stamp.outputs?.[output] || !existsSync(join(root, output))) return `${output} is missing`;
  }
  for (const input of [...sharedInputs, ...new Set(Object.values(stamp.outputs).flat())]) {
    if (mtime(input) > stamp.startedAt) return `${input} changed`;
  }
  return undefined;
}

/**
 * Keeps a third-party import external, rewritten to the file esbuild resolves
 * it to, relative to the output: `require("pino")` from a package's source
 * becomes `require("../../../node_modules/.pnpm/pino@…/pino.js")`.
 */
function externalPackages(outputDir) {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith('@atalaia/') || args.pluginData === 'resolving') return undefined;
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        // The output is CommonJS, so a static import becomes a require() and takes the package's "require" export.
        const kind = args.kind === 'dynamic-import' ? 'dynamic-import' : 'require-call';
        const resolved = await build.resolve(args.path, { kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
        if (resolved.errors.length > 0 || !resolved.path || resolved.external) return { path: args.path, external: true };
        const path = relative(outputDir, resolved.path).split(sep).join('/');
        // Unused imports of a package are dropped instead of required for nothing: a barrel like
        // @atalaia/database would otherwise load the Prisma schema engine (wasm) into every service.
        // Safe because our sources import no third-party package for its side effects alone.
        return { path: path.startsWith('.') ? path : `./${path}`, external: true, sideEffects: false };
      });
    },
  };
}

async function compile(esbuild, { entry, output }) {
  const outputDir = dirname(join(root, output));
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: output,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Bundling renames clashing top-level names; errors and classes keep the ones in the source.
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    metafile: true,
    write: false,
    plugins: [externalPackages(outputDir)],
  });
  const outputs = result.outputFiles.map((file) => {
    const path = relative(root, file.path);
    mkdirSync(dirname(file.path), { recursive: true });
    // Written beside and renamed into place: a process starting meanwhile never reads half a file.
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
    return path;
  });
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/'));
  return { outputs, inputs };
}

/** Compiles every program when any is stale; returns what was built (nothing when up to date). */
async function buildPrograms({ force = false, log = () => undefined } = {}) {
  const wanted = targets();
  const reason = force ? 'forced' : staleness(wanted);
  if (!reason) return [];
  log(`compiling ${wanted.length} programs to JavaScript (${reason})`);
  const startedAt = Date.now();
  const esbuild = require('esbuild');
  const results = await Promise.all(wanted.map((target) => compile(esbuild, target)));
  const outputs = Object.fromEntries(wanted.map(({ output }, index) => [output, results[index].inputs]));
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, `${JSON.stringify({ startedAt, outputs }, null, 1)}\n`);
  return wanted.map(({ output }) => output);
}

// The console: one Vite build of packages/console, cached by its own stamp.
const consoleDir = join('packages', 'console');
const consoleStampFile = join(root, 'node_modules', '.cache', 'atalaia-console-build.json');
const consoleInputs = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((input) => join(consoleDir, input));

/** The newest modification time under a file or folder (Infinity when missing: rebuild). */
function newestMtime(path) {
  let stats;
  try {
    stats = statSync(join(root, path));
  } catch {
    return Infinity;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(join(root, path)).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stats.mtimeMs);
}

function consoleStaleness() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(consoleStampFile, 'utf8'));
  } catch {
    return 'no previous build';
  }
  if (!existsSync(join(root, consoleDir, 'dist', 'index.html'))) return `${join(consoleDir, 'dist')} is missing`;
  for (const input of ['pnpm-lock.yaml', join('node_modules', '.modules.yaml'), ...consoleInputs]) {
    if (newestMtime(input) > stamp.startedAt) return `${input} changed`;
  }
  return undefined;
}

/** `vite build` in its own process (Vite is ESM and the console's own dependency), output kept for errors. */
function runVite(outDir) {
  // pnpm links a package's direct dependencies into its node_modules; vite's exports map hides bin/.
  const vite = join(root, consoleDir, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: join(root, consoleDir),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', rejectRun);
    child.on('close', (code) => (code === 0 ? resolveRun() : rejectRun(new Error(`vite build of the console failed:\n${output}`))));
  });
}

/** Builds the console when its sources changed; returns its output folder when built. */
async function buildConsole({ force = false, log = () => undefined } = {}) {
  const reason = force ? 'forced' : consoleStaleness();
  if (!reason) return [];
  log(`building the operator console (${reason})`);
  const startedAt = Date.now();
  const dist = join(root, consoleDir, 'dist');
  const partial = `${dist}.${process.pid}.partial`;
  const previous = `${dist}.${process.pid}.previous`;
  try {
    await runVite(partial);
    // Swapped in whole: a gateway serving the console meanwhile never sees a half-written dist.
    if (existsSync(dist)) renameSync(dist, previous);
    renameSync(partial, dist);
  } finally {
    rmSync(partial, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
  mkdirSync(dirname(consoleStampFile), { recursive: true });
  writeFileSync(consoleStampFile, `${JSON.stringify({ startedAt })}\n`);
  return [join(consoleDir, 'dist')];
}

/** Compiles the programs and builds the console, each only when stale, side by side. */
async function build(options = {}) {
  const [programs, consoleOutput] = await Promise.all([buildPrograms(options), buildConsole(options)]);
  return [...programs, ...consoleOutput];
}

module.exports = { build };

if (require.main === module) {
  build({ force: process.argv.includes('--force'), log: (line) => process.stdout.write(`[atalaia] ${line}\n`) }).catch((error) => {
    process.stderr.write(`[atalaia] build failed: ${error.message}\n`);
    process.exit(1);
  });
}
