import { access, constants } from 'node:fs/promises';
import { ensureDebianPackage } from '@atalaia/testing';
import { chromium, type Browser } from 'playwright-core';

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

/**
 * Installs Debian's `chromium` when it is missing, so `npm test` needs nothing
 * installed by hand (`npx playwright install` cannot download browsers here).
 */
export async function ensureChromium(): Promise<string> {
  const path = chromiumPath();
  if (process.env.CHROMIUM_PATH) {
    const usable = await access(path, constants.X_OK).then(() => true, () => false);
    if (!usable) throw new Error(`CHROMIUM_PATH=${path} is not an executable`);
    return path;
  }
  // Liberation fonts so pages (and the README's screenshots) render the same everywhere.
  return ensureDebianPackage(path, ['chromium', 'fonts-liberation']);
}

/** A headless Chromium driven by playwright-core, installed first if needed. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await ensureChromium(), args: chromiumArgs });
}
