import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openApiJson } from '../src/http/openapi-document';

/** Regenerates services/gateway/openapi.json from the command table and the contracts' zod schemas. */
async function main(): Promise<void> {
  const target = path.resolve(__dirname, '../openapi.json');
  await writeFile(target, openApiJson());
  process.stdout.write(`wrote ${target}\n`);
}

void main();
