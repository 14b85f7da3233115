/**
 * Reads a CSV of HR events (one canonical event per row) for `POST /admin/imports` and the CLI.
 * Every row is validated before anything is applied: one bad row refuses the whole file, with each
 * bad row's line number and what is wrong, so an import is never half-applied.
 *
 * Columns (header row required, any order): type, occurredAt, effectiveAt, employeeId, email,
 * fullName, department, managerEmail, and optionally id. Without an id, the row's content names
 * the event, so importing the same file twice is a duplicate, not a second hire.
 *
 * A type is written as the CLI takes it, short (`hired`) or canonical (`employee.hired`): one
 * vocabulary, the contract's (contracts/hr-event.ts), which `lanyard event send` reads too.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { canonicalEventType, EVENT_TYPE_VOCABULARY, HrEvent } from '../../contracts/hr-event.ts';
import { type CsvRefusal, type CsvRowProblem, readCsvRecords } from './csv-records.ts';

export const CSV_COLUMNS = [
  'id',
  'type',
  'occurredAt',
  'effectiveAt',
  'employeeId',
  'email',
  'fullName',
  'department',
  'managerEmail',
] as const;
const REQUIRED = ['type', 'occurredAt', 'effectiveAt', 'employeeId', 'email', 'fullName'] as const;
/** One request's worth; the CLI sends larger files in chunks of this size. */
export const MAX_IMPORT_ROWS = 500;

export {
  canonicalEventType,
  EVENT_TYPE_VOCABULARY,
  SHORT_EVENT_TYPES,
} from '../../contracts/hr-event.ts';

export type ParsedEventsCsv = { ok: true; events: Array<{ line: number; event: HrEvent }> } | CsvRefusal;

export function parseEventsCsv(text: string, maxRows: number = MAX_IMPORT_ROWS): ParsedEventsCsv {
  const read = readCsvRecords(text, 'The file');
  if (!read.ok) return read;
  const { records } = read;
  const header = records[0] ? Object.keys(records[0].record) : headerOf(text);
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    const problems = [
      ...missing.map((c) => `missing column "${c}"`),
      ...unknown.map((c) => `unknown column "${c}"`),
    ];
    return {
      ok: false,
      message: `The header row must name the columns ${CSV_COLUMNS.join(', ')} (id, department and managerEmail may be left out): ${problems.join('; ')}`,
      rows: [{ line: 1, problems }],
    };
  }
  if (records.length === 0) return { ok: false, message: 'The file has a header but no rows', rows: [] };
  if (records.length > maxRows) {
    return {
      ok: false,
      message: `At most ${maxRows} rows per import; split the file (the CLI does this for you)`,
      rows: [],
    };
  }

  const events: Array<{ line: number; event: HrEvent }> = [];
  const bad: CsvRowProblem[] = [];
  for (const { record: written, info } of records) {
    // The canonical type also names the event, so `hired` and `employee.hired` rows are one event.
    const type = canonicalEventType(written.type ?? '');
    const record = type ? { ...written, type } : written;
    const candidate = {
      id: record.id || derivedId(record),
      type: record.type,
      occurredAt: record.occurredAt,
      effectiveAt: record.effectiveAt,
      employee: {
        id: record.employeeId,
        email: record.email,
        fullName: record.fullName,
        department: record.department || null,
        managerEmail: record.managerEmail || null,
      },
    };
    const parsed = HrEvent.safeParse(candidate);
    if (parsed.success) events.push({ line: info.lines, event: parsed.data });
    else
      bad.push({
        line: info.lines,
        problems: parsed.error.issues.map((i) =>
          i.path[0] === 'type'
            ? `type: "${written.type ?? ''}" is not an event type; write one of ${EVENT_TYPE_VOCABULARY}`
            : `${i.path.join('.')}: ${i.message}`,
        ),
      });
  }
  const ids = new Map<string, number>();
  for (const { line, event } of events) {
    const first = ids.get(event.id);
    if (first !== undefined) bad.push({ line, problems: [`id ${event.id} repeats line ${first}`] });
    else ids.set(event.id, line);
  }
  if (bad.length > 0) {
    bad.sort((a, b) => a.line - b.line);
    return {
      ok: false,
      message: `${bad.length} row(s) are invalid; nothing was imported. Fix them and import the file again`,
      rows: bad,
    };
  }
  return { ok: true, events };
}

function derivedId(record: Record<string, string>): string {
  const content = CSV_COLUMNS.filter((c) => c !== 'id')
    .map((c) => record[c] ?? '')
    .join('\u001f');
  return `csv-${createHash('sha256').update(content).digest('hex').slice(0, 32)}`;
}

function headerOf(text: string): string[] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
}

/** Events back to CSV with their ids, so a file split into chunks keeps its event ids. */
export function eventsToCsv(events: HrEvent[]): string {
  return stringify(
    events.map((e) => ({
      id: e.id,
      type: e.type,
      occurredAt: e.occurredAt,
      effectiveAt: e.effectiveAt,
      employeeId: e.employee.id,
      email: e.employee.email,
      fullName: e.employee.fullName,
      department: e.employee.department ?? '',
      managerEmail: e.employee.managerEmail ?? '',
    })),
    { header: true, columns: [...CSV_COLUMNS] },
  );
}
