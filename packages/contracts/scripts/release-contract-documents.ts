import { cp, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Makes the published documents the released baseline the compatibility test
 * compares with (packages/contracts/released/). Run it when a contract
 * release goes out, after `contracts:write` and a green test run: from then
 * on, every change must stay compatible with what downstream systems have.
 */
async function main(): Promise<void> {
  const published = path.resolve(__dirname, '../published');
  const released = path.resolve(__dirname, '../released');
  await rm(released, { recursive: true, force: true });
  await cp(published, released, { recursive: true });
  process.stdout.write(`released ${published} as ${released}\n`);
}

void main();
