import type { FastifyRequest } from 'fastify';
import { parse } from 'csv-parse/sync';
import { unitImportBodySchema, UNIT_IMPORT_LIMIT } from '@atalaia/contracts';
import { ProblemError, parseOrThrow } from '@atalaia/http';

/** The CSV columns of a fleet import, as the README lists them; `capabilities` is `;`-separated. */
export const unitImportCsvColumns = ['code', 'kind', 'name', 'station_name', 'station_latitude', 'station_longitude', 'capabilities', 'crew_size'] as const;

type CsvRow = Partial<Record<(typeof unitImportCsvColumns)[number], string>>;

const blankToUndefined = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** A number where the CSV has one; anything else is left as text so the schema names the field that is wrong. */
const numeric = (value: string | undefined) => {
  const text = blankToUndefined(value);
  return text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
};

function registrationOf(row: CsvRow): Record<string, unknown> {
  const stationName = blankToUndefined(row.station_name);
  const latitude = numeric(row.station_latitude);
  const longitude = numeric(row.station_longitude);
  const hasStation = stationName !== undefined || latitude !== undefined || longitude !== undefined;
  const entries = {
    code: blankToUndefined(row.code),
    kind: blankToUndefined(row.kind),
    name: blankToUndefined(row.name),
    station: hasStation ? { name: stationName, latitude, longitude } : undefined,
    capabilities: (blankToUndefined(row.capabilities) ?? '').split(';').map((tag) => tag.trim()).filter(Boolean),
    crewSize: numeric(row.crew_size),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

function parseCsv(text: string): CsvRow[] {
  try {
    return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, to: UNIT_IMPORT_LIMIT + 1, relax_column_count: false }) as CsvRow[];
  } catch (error) {
    throw new ProblemError(400, 'INVALID_CSV', 'The CSV could not be read', (error as Error).message);
  }
}

/**
 * The units of `POST /api/units/import`: JSON `{units: [...]}` or `text/csv`
 * with a header line. Both end in the same schema, so an error names the
 * field the same way (`units.3.station.latitude`) whichever was sent.
 */
export function unitImportBodyOf(request: FastifyRequest) {
  if (typeof request.body !== 'string') return parseOrThrow(unitImportBodySchema, request.body, 'body');
  const rows = parseCsv(request.body);
  const unknown = Object.keys(rows[0] ?? {}).filter((column) => !(unitImportCsvColumns as readonly string[]).includes(column));
  if (unknown.length > 0) {
    throw new ProblemError(400, 'INVALID_CSV', 'The CSV has columns this import does not know', `unknown columns: ${unknown.join(', ')}; expected ${unitImportCsvColumns.join(',')}`);
  }
  return parseOrThrow(unitImportBodySchema, { units: rows.map(registrationOf) }, 'body');
}
