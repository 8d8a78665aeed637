/**
 * Compares contract documents with the last released ones: does every reader
 * of a released message still read what is published now, and do readers
 * that take up the new schema still read the messages already in the log
 * (replays)? A schema change passes only if it keeps both: in practice, only
 * new optional properties on open objects (readers are tolerant: they ignore
 * what they do not know). When unsure the check reports a break: a false
 * alarm costs a look, a missed break costs a downstream outage.
 */

type Schema = Record<string, unknown>;

export interface ContractDocuments {
  /** One JSON Schema per message type, keyed by file name (`<type>.v<version>.json`). */
  schemas: Record<string, Schema>;
  /** The AsyncAPI document: the topic each message travels on. */
  asyncapi: Schema;
}

export interface Incompatibility {
  /** `<type> v<version>` of the released message. */
  message: string;
  /** JSON Pointer into the released schema. */
  path: string;
  change: string;
}

interface PublishedMessage {
  type: string;
  version: number;
  topic: string | undefined;
  schema: Schema;
}

/** Words that annotate a schema without changing what it accepts. */
const ANNOTATIONS = new Set(['$id', '$schema', '$comment', 'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);
const STRUCTURE = new Set(['type', 'const', 'enum', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'anyOf', 'oneOf', 'allOf']);

export function compareContracts(released: ContractDocuments, current: ContractDocuments): Incompatibility[] {
  const now = publishedMessages(current);
  return publishedMessages(released).flatMap((old) => {
    const label = `${old.type} v${old.version}`;
    const same = now.find((message) => message.type === old.type && message.version === old.version);
    if (same) {
      if (same.topic !== old.topic) return [{ message: label, path: '', change: `moved from topic ${old.topic} to ${same.topic}` }];
      return compareSchemas(old.schema, same.schema).map((change) => ({ message: label, ...change }));
    }
    const next = now.find((message) => message.type === old.type && message.version > old.version);
    if (!next) return [{ message: label, path: '', change: 'message type removed' }];
    // A new major version is the way to break: on a new major topic, old readers keep the old topic.
    if (topicMajor(next.topic) > topicMajor(old.topic)) return [];
    return [{ message: label, path: '', change: `v${next.version} must travel on a new major topic, not ${next.topic}` }];
  });
}

/** Every way `current` accepts other messages than `released`, except new optional properties of open objects. */
export function compareSchemas(released: Schema, current: Schema, path = ''): Array<Omit<Incompatibility, 'message'>> {
  const changes: Array<Omit<Incompatibility, 'message'>> = [];
  const report = (at: string, change: string) => changes.push({ path: at, change });
  compareValues(released, current, path, report);
  compareObjects(released, current, path, report, (r, c, at) => changes.push(...compareSchemas(r, c, at)));
  for (const keyword of ['items', 'propertyNames'] as const) {
    const [r, c] = [released[keyword], current[keyword]];
    if (isSchema(r) && isSchema(c)) changes.push(...compareSchemas(r, c, `${path}/${keyword}`));
    else if (!equal(r, c)) report(`${path}/${keyword}`, `${keyword} changed`);
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const [r, c] = [asArray(released[keyword]), asArray(current[keyword])];
    if (r.length !== c.length) report(`${path}/${keyword}`, `${keyword} has ${c.length} branches instead of ${r.length}`);
    else r.forEach((branch, index) => changes.push(...compareSchemas(branch as Schema, c[index] as Schema, `${path}/${keyword}/${index}`)));
  }
  for (const keyword of new Set([...Object.keys(released), ...Object.keys(current)])) {
    if (ANNOTATIONS.has(keyword) || STRUCTURE.has(keyword) || equal(released[keyword], current[keyword])) continue;
    report(`${path}/${keyword}`, `${keyword} changed from ${show(released[keyword])} to ${show(current[keyword])}`);
  }
  return changes;
}

type Report = (path: string, change: string) => void;

function compareValues(released: Schema, current: Schema, path: string, report: Report): void {
  const [oldTypes, newTypes] = [asArray(released.type).map(String).sort(), asArray(current.type).map(String).sort()];
  if (!equal(oldTypes, newTypes)) report(`${path}/type`, `type changed from ${show(released.type)} to ${show(current.type)}`);
  const [oldValues, newValues] = [allowedValues(released), allowedValues(current)];
  if (!oldValues && !newValues) return;
  if (!oldValues || !newValues) return report(`${path}/enum`, oldValues ? 'enum dropped: any value is now allowed' : 'enum added: values are now restricted');
  const removed = oldValues.filter((value) => !newValues.some((other) => equal(value, other)));
  const added = newValues.filter((value) => !oldValues.some((other) => equal(value, other)));
  if (removed.length > 0) report(`${path}/enum`, `enum narrowed: ${removed.map(show).join(', ')} no longer allowed`);
  if (added.length > 0) report(`${path}/enum`, `enum widened: ${added.map(show).join(', ')} added (old readers reject it)`);
}

function compareObjects(released: Schema, current: Schema, path: string, report: Report, recurse: (r: Schema, c: Schema, path: string) => void): void {
  const [oldProperties, newProperties] = [asRecord(released.properties), asRecord(current.properties)];
  const [oldRequired, newRequired] = [asArray(released.required), asArray(current.required)];
  const closed = released.additionalProperties === false;
  for (const [name, schema] of Object.entries(oldProperties)) {
    const at = `${path}/properties/${name}`;
    if (!(name in newProperties)) report(at, 'property removed');
    else recurse(schema as Schema, newProperties[name] as Schema, at);
    if (oldRequired.includes(name) && !newRequired.includes(name) && name in newProperties) report(at, 'no longer required');
    if (!oldRequired.includes(name) && newRequired.includes(name)) report(at, 'now required');
  }
  for (const name of Object.keys(newProperties).filter((candidate) => !(candidate in oldProperties))) {
    const at = `${path}/properties/${name}`;
    if (newRequired.includes(name)) report(at, 'required property added (messages already published lack it)');
    else if (closed) report(at, 'property added to a closed object (additionalProperties: false)');
    else if (isSchema(released.additionalProperties)) report(at, 'property added where additionalProperties had a schema');
  }
  const [oldExtra, newExtra] = [released.additionalProperties, current.additionalProperties];
  if (isSchema(oldExtra) && isSchema(newExtra)) recurse(oldExtra, newExtra, `${path}/additionalProperties`);
  else if (!equal(openness(oldExtra), openness(newExtra))) report(`${path}/additionalProperties`, `additionalProperties changed from ${show(oldExtra)} to ${show(newExtra)}`);
}

function publishedMessages(documents: ContractDocuments): PublishedMessage[] {
  const topics = topicsBySchemaId(documents.asyncapi);
  return Object.values(documents.schemas).map((schema) => {
    const properties = asRecord(schema.properties);
    return {
      type: String(asRecord(properties.type).const),
      version: Number(asRecord(properties.version).const),
      topic: topics.get(String(schema.$id)),
      schema,
    };
  });
}

/** `$id` of each message's payload schema → the address of the channel it is listed on. */
function topicsBySchemaId(asyncapi: Schema): Map<string, string> {
  const components = asRecord(asRecord(asyncapi.components).messages);
  const topics = new Map<string, string>();
  for (const channel of Object.values(asRecord(asyncapi.channels)).map(asRecord)) {
    for (const reference of Object.values(asRecord(channel.messages)).map(asRecord)) {
      const name = String(reference.$ref).replace('#/components/messages/', '');
      const id = asRecord(asRecord(asRecord(components[name]).payload).schema).$id;
      if (typeof id === 'string') topics.set(id, String(channel.address));
    }
  }
  return topics;
}

const topicMajor = (topic: string | undefined) => Number(/\.v(\d+)$/.exec(topic ?? '')?.[1] ?? 0);
const allowedValues = (schema: Schema): unknown[] | undefined => ('const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined);
const openness = (extra: unknown) => (extra === undefined || extra === true ? 'open' : extra);
const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const asRecord = (value: unknown): Record<string, unknown> => (isSchema(value) ? value : {});
const asArray = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => equal(item, b[index]));
  if (!isSchema(a) || !isSchema(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && equal(a[key], b[key]));
}

/** One line per break, for a test failure or a CI log. */
export function describeIncompatibilities(incompatibilities: Incompatibility[]): string {
  return incompatibilities.map(({ message, path, change }) => `${message} ${path || '/'}: ${change}`).join('\n');
}
