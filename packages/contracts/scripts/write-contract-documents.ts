import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { asyncApiDocument } from '../src/asyncapi-document';
import { messageJsonSchemas } from '../src/contract-documents';

/** Regenerates packages/contracts/published/ from the zod schemas. */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../published');
  await rm(root, { recursive: true, force: true });
  await mkdir(path.join(root, 'schemas'), { recursive: true });
  await writeFile(path.join(root, 'asyncapi.json'), `${JSON.stringify(asyncApiDocument(), null, 2)}\n`);
  for (const [file, schema] of Object.entries(messageJsonSchemas())) {
    await writeFile(path.join(root, 'schemas', file), `${JSON.stringify(schema, null, 2)}\n`);
  }
  process.stdout.write(`wrote ${root}\n`);
}

void main();
