import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const run = promisify(execFile);

/** Debian's Chromium; `CHROMIUM_PATH` points at another build. */
export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for this machine: headless as root, and no background traffic (the
 * network is closed, and Chromium's calls home are refused many at a time).
 */
const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const executable = (file: string) =>
  access(file, constants.X_OK).then(
    () => true,
    () => false,
  );

/** apt-get as root, or through passwordless sudo. */
async function aptGet(args: string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const [command, commandArgs] = asRoot ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
  await run(command, commandArgs, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024 });
}

/**
 * Installs Debian's `chromium` when it is missing, so `npm test` needs nothing
 * installed by hand (`npx playwright install` cannot download browsers here).
 * The package index is refreshed only when the first attempt fails.
 */
export async function ensureChromium(): Promise<string> {
  const path = chromiumPath();
  if (await executable(path)) return path;
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${path} is not an executable`);
  // Liberation fonts so pages (and the README's screenshots) render the same everywhere.
  const install = ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation'];
  try {
    await aptGet(install);
  } catch {
    await aptGet(['update']);
    await aptGet(install);
  }
  if (!(await executable(path))) throw new Error(`apt-get installed chromium, but ${path} is not there`);
  return path;
}

/** A headless Chromium driven by playwright-core, installed first if needed. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await ensureChromium(), args: chromiumArgs });
}
