import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { asyncApiDocument, messageJsonSchema, messageJsonSchemas } from '../src/contract-documents';
import { messageCatalog } from '../src/message-catalog';

const published = path.resolve(__dirname, '../published');
const read = (file: string) => JSON.parse(readFileSync(path.join(published, file), 'utf8'));
const stale = 'stale: run `pnpm --filter @atalaia/contracts run contracts:write` and commit packages/contracts/published/';

describe('published event contracts', () => {
  it('when the zod schemas change, then the checked-in AsyncAPI document must be regenerated', () => {
    expect({ document: read('asyncapi.json'), hint: stale }).toEqual({ document: asyncApiDocument(), hint: stale });
  });

  it('when the zod schemas change, then every checked-in JSON Schema must be regenerated, and no stale one may remain', () => {
    const expected = messageJsonSchemas();
    expect(readdirSync(path.join(published, 'schemas')).sort()).toEqual(Object.keys(expected).sort());
    for (const [file, schema] of Object.entries(expected)) {
      expect({ file, schema: read(`schemas/${file}`), hint: stale }).toEqual({ file, schema, hint: stale });
    }
  });

  it('when the AsyncAPI document is built, then every catalog message is on its topic channel', () => {
    const document = asyncApiDocument() as { channels: Record<string, { address: string; messages: Record<string, unknown> }> };
    const listed = Object.values(document.channels).flatMap((channel) => Object.keys(channel.messages));
    expect(listed).toHaveLength(Object.keys(messageCatalog).length);
    expect(document.channels.occurrenceEvents!.address).toBe('atalaia.occurrence.events.v1');
    expect(Object.keys(document.channels.occurrenceEvents!.messages)).toContain('occurrence_created_v1');
  });

  it('when a message schema is generated, then it pins the type and version and requires the envelope fields', () => {
    const schema = messageJsonSchema('occurrence.cancelled') as { properties: Record<string, { const?: unknown }>; required: string[] };
    expect(schema.properties.type!.const).toBe('occurrence.cancelled');
    expect(schema.properties.version!.const).toBe(1);
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'type', 'version', 'source', 'time', 'subject', 'data']));
  });
});
