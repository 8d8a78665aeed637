import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { get_dmmf } from '@prisma/prisma-schema-wasm';

/**
 * A database shape reduced to what the drift check compares: tables, columns
 * (type as Postgres prints it, nullability), primary keys, unique constraints
 * and indexes (as sorted column lists).
 */
export interface TableShape {
  columns: Record<string, { type: string; nullable: boolean }>;
  primaryKey: string[];
  uniques: string[][];
  indexes: string[][];
}
export type SchemaShape = Record<string, TableShape>;

interface DmmfField {
  name: string;
  dbName?: string;
  kind: string;
  type: string;
  isRequired: boolean;
  isList: boolean;
  nativeType?: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: Array<{ name: string }>;
}

const defaultPostgresTypes: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

function postgresType(field: DmmfField): string {
  return field.isList ? `${scalarPostgresType(field)}[]` : scalarPostgresType(field);
}

function scalarPostgresType(field: DmmfField): string {
  const [nativeName, args = []] = field.nativeType ?? [];
  const arg = args.length > 0 ? `(${args.join(',')})` : '';
  switch (nativeName) {
    case undefined:
      return defaultPostgresTypes[field.type] ?? `unknown:${field.type}`;
    case 'Uuid':
      return 'uuid';
    case 'Text':
      return 'text';
    case 'Char':
      return `character${arg}`;
    case 'VarChar':
      return `character varying${arg}`;
    case 'Timestamptz':
      return `timestamp${arg} with time zone`;
    case 'Timestamp':
      return `timestamp${arg} without time zone`;
    case 'Integer':
      return 'integer';
    case 'SmallInt':
      return 'smallint';
    default:
      return `${nativeName.toLowerCase()}${arg}`;
  }
}

// Column order inside an index matters (it decides which queries it serves); the order of indexes does not.
const sortLists = (lists: string[][]) => [...lists].sort((a, b) => a.join().localeCompare(b.join()));

/** The shape the Prisma schema at `schemaPath` describes. */
export async function schemaShapeFromPrisma(schemaPath: string): Promise<SchemaShape> {
  const schema = await readFile(schemaPath, 'utf8');
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] }))) as {
    datamodel: { models: DmmfModel[]; indexes: DmmfIndex[] };
  };
  const shape: SchemaShape = {};
  for (const model of dmmf.datamodel.models) {
    const column = (fieldName: string) => {
      const field = model.fields.find((candidate) => candidate.name === fieldName);
      return field?.dbName ?? fieldName;
    };
    const indexesOf = (type: DmmfIndex['type']) =>
      dmmf.datamodel.indexes
        .filter((index) => index.model === model.name && index.type === type)
        .map((index) => index.fields.map((field) => column(field.name)));
    const scalars = model.fields.filter((field) => field.kind === 'scalar' || field.kind === 'enum');
    shape[model.dbName ?? model.name] = {
      columns: Object.fromEntries(
        scalars.map((field) => [field.dbName ?? field.name, { type: postgresType(field), nullable: !field.isRequired }]),
      ),
      primaryKey: indexesOf('id')[0] ?? [],
      uniques: sortLists(indexesOf('unique')),
      indexes: sortLists(indexesOf('normal')),
    };
  }
  return shape;
}

/** The shape of the `public` schema of a live database (Prisma's own bookkeeping table excluded). */
export async function schemaShapeFromDatabase(databaseUrl: string): Promise<SchemaShape> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = await client.query<{ table: string; column: string; type: string; nullable: boolean }>(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'`);
    const indexes = await client.query<{ table: string; columns: string[]; primary: boolean; unique: boolean }>(`
      SELECT c.relname AS table, i.indisprimary AS primary, i.indisunique AS unique,
             array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum ORDER BY k.position) AS columns
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname <> '_prisma_migrations'`);
    const shape: SchemaShape = {};
    for (const row of columns.rows) {
      const table = (shape[row.table] ??= { columns: {}, primaryKey: [], uniques: [], indexes: [] });
      table.columns[row.column] = { type: row.type, nullable: row.nullable };
    }
    for (const row of indexes.rows) {
      const table = shape[row.table];
      if (!table) continue;
      if (row.primary) table.primaryKey = row.columns;
      else if (row.unique) table.uniques.push(row.columns);
      else table.indexes.push(row.columns);
    }
    for (const table of Object.values(shape)) {
      table.uniques = sortLists(table.uniques);
      table.indexes = sortLists(table.indexes);
    }
    return shape;
  } finally {
    await client.end();
  }
}
