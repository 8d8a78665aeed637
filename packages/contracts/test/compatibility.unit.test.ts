import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { asyncApiDocument } from '../src/asyncapi-document';
import { compareContracts, describeIncompatibilities, type ContractDocuments } from '../src/compatibility';
import { messageJsonSchemas } from '../src/contract-documents';

/** The tests edit JSON documents freely. */
type Json = any;

const releasedDir = path.resolve(__dirname, '../released');

function readDocuments(dir: string): ContractDocuments {
  const json = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const schemas = Object.fromEntries(readdirSync(path.join(dir, 'schemas')).map((file) => [file, json(`schemas/${file}`)]));
  return { schemas, asyncapi: json('asyncapi.json') };
}

/** The released documents with one message schema edited: each test states one change and its verdict. */
function releasedWith(file: string, edit: (schema: Json) => void): ContractDocuments {
  const documents = structuredClone(readDocuments(releasedDir));
  edit(documents.schemas[file]);
  return documents;
}

/** The released documents with `type` moved from v1 to v2 on `topic` (as bumping its catalog version would publish it). */
function releasedWithNewMajor(type: string, topic: string): ContractDocuments {
  const documents = structuredClone(readDocuments(releasedDir)) as { schemas: Record<string, Json>; asyncapi: Json };
  const schema = documents.schemas[`${type}.v1.json`];
  delete documents.schemas[`${type}.v1.json`];
  const id = `https://atalaia.dev/schemas/${type}.v2.json`;
  documents.schemas[`${type}.v2.json`] = { ...schema, $id: id, properties: { ...schema.properties, version: { type: 'number', const: 2 } } };
  documents.asyncapi.components.messages.next_v2 = { payload: { schema: { $id: id } } };
  documents.asyncapi.channels.next = { address: topic, messages: { next_v2: { $ref: '#/components/messages/next_v2' } } };
  return documents;
}

const occurrence = (schema: Json) => schema.properties.data.properties.occurrence;
const released = () => readDocuments(releasedDir);
const changesOf = (current: ContractDocuments) => compareContracts(released(), current).map(({ message, path: at, change }) => `${message} ${at}: ${change}`);

describe('contract compatibility with the released documents', () => {
  it('when the documents generated now are compared with packages/contracts/released/, then no reader of a released message breaks', () => {
    const incompatibilities = compareContracts(released(), { schemas: messageJsonSchemas(), asyncapi: asyncApiDocument() });

    // A break needs a new major (a new message version on a new …v2 topic), then `contracts:release`.
    expect(describeIncompatibilities(incompatibilities)).toBe('');
  });

  it('when an optional property is added to an open object, then the change is compatible (tolerant readers ignore it)', () => {
    const current = releasedWith('occurrence.created.v1.json', (schema) => {
      occurrence(schema).properties.severity = { type: 'string', maxLength: 20 };
    });

    expect(changesOf(current)).toEqual([]);
  });

  it('when only annotations change (title, description, default), then the change is compatible', () => {
    const current = releasedWith('occurrence.created.v1.json', (schema) => {
      schema.description = 'reworded';
      occurrence(schema).properties.description.title = 'What happened';
    });

    expect(changesOf(current)).toEqual([]);
  });

  it('when a required field is removed, then the check fails', () => {
    const current = releasedWith('occurrence.created.v1.json', (schema) => {
      delete occurrence(schema).properties.status;
      occurrence(schema).required = occurrence(schema).required.filter((name: string) => name !== 'status');
    });

    expect(changesOf(current)).toEqual(['occurrence.created v1 /properties/data/properties/occurrence/properties/status: property removed']);
  });

  it('when a required field becomes optional, then the check fails (released readers rely on it)', () => {
    const current = releasedWith('occurrence.created.v1.json', (schema) => {
      occurrence(schema).required = occurrence(schema).required.filter((name: string) => name !== 'status');
    });

    expect(changesOf(current)).toEqual(['occurrence.created v1 /properties/data/properties/occurrence/properties/status: no longer required']);
  });

  it('when an optional field is removed, then the check fails', () => {
    const current = releasedWith('occurrence.created.v1.json', (schema) => {
      delete schema.properties.correlationId;
    });

    expect(changesOf(current)).toEqual(['occurrence.created v1 /properties/correlationId: property removed']);
  });

  it("when a field's type changes, then the check fails", () => {
    const current = releasedWith('occurrence.created.v1.json', (schema) => {
      occurrence(schema).properties.version.type = 'string';
    });

    expect(changesOf(current)).toEqual([
      'occurrence.created v1 /properties/data/properties/occurrence/properties/version/type: type changed from "integer" to "string"',
    ]);
  });

  it('when an enum is narrowed or widened, then the check fails either way', () => {
    const narrowed = releasedWith('occurrence.created.v1.json', (schema) => {
      occurrence(schema).properties.status.enum = ['reported', 'in_progress', 'resolved'];
    });
    const widened = releasedWith('occurrence.created.v1.json', (schema) => {
      occurrence(schema).properties.status.enum.push('on_hold');
    });

    expect(changesOf(narrowed)).toEqual(['occurrence.created v1 /properties/data/properties/occurrence/properties/status/enum: enum narrowed: "cancelled" no longer allowed']);
    expect(changesOf(widened)).toEqual(['occurrence.created v1 /properties/data/properties/occurrence/properties/status/enum: enum widened: "on_hold" added (old readers reject it)']);
  });

  it('when a required property is added, or a constraint changes, then the check fails (messages already in the log would not validate)', () => {
    const current = releasedWith('occurrence.created.v1.json', (schema) => {
      occurrence(schema).properties.severity = { type: 'string' };
      occurrence(schema).required.push('severity');
      schema.properties.correlationId.maxLength = 100;
    });

    expect(changesOf(current)).toEqual([
      'occurrence.created v1 /properties/correlationId/maxLength: maxLength changed from 200 to 100',
      'occurrence.created v1 /properties/data/properties/occurrence/properties/severity: required property added (messages already published lack it)',
    ]);
  });

  it('when a property is added to a closed command object, then the check fails', () => {
    const current = releasedWith('occurrence.create_or_update.v1.json', (schema) => {
      schema.properties.data.properties.colour = { type: 'string' };
    });

    expect(changesOf(current)).toEqual(['occurrence.create_or_update v1 /properties/data/properties/colour: property added to a closed object (additionalProperties: false)']);
  });

  it('when a breaking change comes as a new message version on a new major topic, then it passes; on the same topic, it fails', () => {
    expect(changesOf(releasedWithNewMajor('occurrence.created', 'atalaia.occurrence.events.v2'))).toEqual([]);
    expect(changesOf(releasedWithNewMajor('occurrence.created', 'atalaia.occurrence.events.v1'))).toEqual([
      'occurrence.created v1 : v2 must travel on a new major topic, not atalaia.occurrence.events.v1',
    ]);
  });

  it('when a released message type disappears, then the check fails', () => {
    const current = structuredClone(released());
    delete current.schemas['unit.retired.v1.json'];

    expect(changesOf(current)).toEqual(['unit.retired v1 : message type removed']);
  });
});
