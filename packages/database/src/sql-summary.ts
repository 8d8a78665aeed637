/** What a statement does, as the database semantic conventions describe it: low-cardinality, no values. */
export interface SqlSummary {
  /** `db.query.summary`, also the span name: e.g. `INSERT outbox_messages`, `SELECT occurrences`, `COMMIT`. */
  summary: string;
  /** `db.operation.name`, when the statement does one kind of thing. */
  operation?: string;
  /** `db.collection.name`, when the statement touches one table. */
  collection?: string;
}

/** Not `FOR UPDATE` (a row lock) nor `DO UPDATE` (an upsert's own table). */
const WRITE = /(?<!\b(?:FOR|DO|KEY)\s+)\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+("?[a-z_][\w.]*"?)/gi;
const READ = /\b(?:FROM|JOIN)\s+("?[a-z_][\w.]*"?)(\s*\()?/gi;
const CTE_NAME = /(?:\bWITH|,)\s+(?:RECURSIVE\s+)?([a-z_]\w*)\s+AS\s*(?:NOT\s+)?(?:MATERIALIZED\s+)?\(/gi;
const FIRST_WORD = /^\s*([a-z]+)/i;
const MAX_SUMMARY_LENGTH = 255;

const cache = new Map<string, SqlSummary>();
const MAX_CACHED = 512;

/**
 * Summarises a SQL statement the way `db.query.summary` asks: its operations and
 * the tables they target, in order. A statement that writes is summarised by
 * its writes (`INSERT commands INSERT outbox_messages` for the gateway's
 * accept, whatever it reads on the way); a read by `SELECT` and its tables; a
 * statement without a table by its first word (`BEGIN`, `COMMIT`). Common
 * table expressions and set-returning functions are not tables. Statements are
 * mostly constant strings, so summaries are cached.
 */
export function summarizeSql(sql: string): SqlSummary {
  const cached = cache.get(sql);
  if (cached) return cached;
  const summary = computeSummary(sql);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(sql, summary);
  return summary;
}

function computeSummary(sql: string): SqlSummary {
  const cteNames = new Set([...sql.matchAll(CTE_NAME)].map((match) => match[1]!.toLowerCase()));
  const writes = unique([...sql.matchAll(WRITE)].map((match) => [operationOf(match[1]!), tableName(match[2]!)] as const));
  if (writes.length > 0) return describe(writes);
  const firstWord = FIRST_WORD.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
  const tables = [...sql.matchAll(READ)]
    .filter((match) => match[2] === undefined)
    .map((match) => tableName(match[1]!))
    .filter((table) => !cteNames.has(table));
  if (firstWord === 'SELECT' || firstWord === 'WITH') {
    const reads = unique(tables.map((table) => ['SELECT', table] as const));
    return reads.length > 0 ? describe(reads) : { summary: 'SELECT', operation: 'SELECT' };
  }
  return { summary: firstWord, operation: firstWord };
}

function describe(parts: ReadonlyArray<readonly [string, string]>): SqlSummary {
  const operations = new Set(parts.map(([operation]) => operation));
  const collections = new Set(parts.map(([, table]) => table));
  const summary = parts
    .map(([operation, table], index) => (index > 0 && parts[index - 1]![0] === operation ? table : `${operation} ${table}`))
    .join(' ')
    .slice(0, MAX_SUMMARY_LENGTH);
  return {
    summary,
    ...(operations.size === 1 ? { operation: [...operations][0] } : {}),
    ...(collections.size === 1 ? { collection: [...collections][0] } : {}),
  };
}

function operationOf(keyword: string): string {
  return keyword.split(/\s+/, 1)[0]!.toUpperCase();
}

function tableName(raw: string): string {
  return raw.replaceAll('"', '').toLowerCase();
}

function unique<T extends readonly [string, string]>(parts: T[]): T[] {
  const seen = new Set<string>();
  return parts.filter(([operation, table]) => {
    const key = `${operation} ${table}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
