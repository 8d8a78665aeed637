import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { asyncApiDocument } from '../src/asyncapi-document';
import { messageJsonSchema, messageJsonSchemas } from '../src/contract-documents';
import { consumerGroups } from '../src/consumer-groups';
import { createEnvelope } from '../src/envelope';
import { messageCatalog } from '../src/message-catalog';
import { topicBaseNames } from '../src/topics';

const published = path.resolve(__dirname, '../published');
const read = (file: string) => JSON.parse(readFileSync(path.join(published, file), 'utf8'));
const stale = 'stale: run `npm run contracts:write` and commit packages/contracts/published/';

interface AsyncApi {
  channels: Record<string, { address: string; messages: Record<string, unknown>; bindings: { kafka: { partitions: number } } }>;
  operations: Record<string, { action: string; channel: { $ref: string }; bindings?: { kafka: { groupId: { enum?: string[]; pattern?: string } } } }>;
}

const readerValidator = () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
};

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

  it('when the AsyncAPI document is parsed by the AsyncAPI parser, then it is valid AsyncAPI 3 with no error or warning', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApiDocument()));

    // Severity 0 is an error, 1 a warning; 2 and 3 are hints (such as "AsyncAPI 3.1 exists").
    expect(diagnostics.filter((diagnostic) => diagnostic.severity < 2).map((d) => `${d.path.join('/')}: ${d.message}`)).toEqual([]);
    expect(document).toBeDefined();
  });

  it('when the AsyncAPI document is built, then every catalog message is on its topic channel and every topic has a dead-letter channel but unitEvents (read by no committing group)', () => {
    const document = asyncApiDocument() as unknown as AsyncApi;
    const listed = Object.values(document.channels).flatMap((channel) => Object.keys(channel.messages)).filter((name) => name !== 'deadLetter');
    expect(listed).toHaveLength(Object.keys(messageCatalog).length);
    expect(document.channels.occurrenceEvents!.address).toBe('atalaia.occurrence.events.v1');
    expect(Object.keys(document.channels.occurrenceEvents!.messages)).toContain('occurrence_created_v1');
    const deadLetterAddresses = Object.values(document.channels).filter((channel) => channel.address.endsWith('.dlq')).map((channel) => channel.address);
    expect(deadLetterAddresses.sort()).toEqual(Object.values(topicBaseNames).filter((topic) => topic !== topicBaseNames.unitEvents).map((topic) => `${topic}.dlq`).sort());
    expect(document.channels.occurrenceEvents!.bindings.kafka.partitions).toBe(12);
  });

  it('when the AsyncAPI document is built, then each consumer group receives each topic it reads, under its group id', () => {
    const { operations } = asyncApiDocument() as unknown as AsyncApi;
    const receives = Object.values(operations).filter((operation) => operation.action === 'receive' && !operation.channel.$ref.endsWith('DeadLetters'));
    const named = receives.map((operation) => `${operation.bindings!.kafka.groupId.enum?.[0] ?? operation.bindings!.kafka.groupId.pattern} ${operation.channel.$ref}`);

    const expected = consumerGroups.flatMap((group) =>
      group.reads.map((role) => `${group.perInstance ? `^${group.name.replaceAll('.', '\\.')}\\..+$` : group.name} #/channels/${role}`),
    );
    expect(named.sort()).toEqual(expected.sort());
  });

  it('when a message schema is generated, then it pins the type and version and requires the envelope fields', () => {
    const schema = messageJsonSchema('occurrence.cancelled') as { properties: Record<string, { const?: unknown }>; required: string[] };
    expect(schema.properties.type!.const).toBe('occurrence.cancelled');
    expect(schema.properties.version!.const).toBe(1);
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'type', 'version', 'source', 'time', 'subject', 'data']));
  });

  it('when an event carries a property its published schema does not know, then a reader validating with the schema accepts it (tolerant reader)', () => {
    const validate = readerValidator().compile(read('schemas/command.processed.v1.json'));
    const commandId = '00000000-0000-4000-8000-000000000001';
    const data = { commandId, commandType: 'occurrence.start', status: 'processed', aggregateType: 'occurrence', aggregateId: commandId, addedLater: 1 };
    const envelope = createEnvelope({ type: 'command.processed', source: 'atalaia.occurrence', aggregateType: 'command', subject: commandId, data });

    expect(validate({ ...envelope, alsoAddedLater: 'x' }) ? [] : validate.errors).toEqual([]);
  });

  it('when a command part the owning service reads strictly carries an unknown property, then its published schema rejects it', () => {
    const validate = readerValidator().compile(read('schemas/occurrence.create_or_update.v1.json'));
    const data = { externalId: 'X-1', type: 'incendio_urbano', description: 'smoke', reportedAt: '2026-01-01T00:00:00Z', colour: 'red' };
    const envelope = createEnvelope({ type: 'occurrence.create_or_update', source: 'atalaia.gateway', aggregateType: 'occurrence', subject: 'x', data });

    expect(validate(envelope)).toBe(false);
    expect(validate.errors).toEqual([expect.objectContaining({ keyword: 'additionalProperties', instancePath: '/data' })]);
  });
});
