/**
 * Reads an HR export (CSV, one person a row; csv-records.ts) that a drift reconciliation takes as HR's truth
 * (`POST /admin/reconciliations` with a `text/csv` body, `lanyard reconcile --hr-export`). Every
 * row is validated before anything is stored: one bad row refuses the file, each bad row named
 * with its line and what is wrong, so a reconciliation never runs against half an export.
 *
 * Columns (header row required, any order): employeeId, email, status, and optionally
 * terminationDate, hireDate, fullName, department. `status` is `active`, `on-leave` or
 * `terminated` (any case; `inactive` — BambooHR's word — means terminated, `on leave` on-leave);
 * dates are YYYY-MM-DD (an ISO instant is taken by its UTC day). From its termination date on, HR
 * counts a person gone whatever the status says; before their hire date HR expects no seat.
 */
import * as z from 'zod';
import type { HrExportRow } from '../../ports/records/reconciliations.ts';
import { type CsvRefusal, type CsvRowProblem, readCsvRecords } from '../admin/csv-records.ts';
import type { HrEmploymentStatus } from '../model/hr-employment-statuses.ts';

export const HR_EXPORT_COLUMNS = [
  'employeeId',
  'email',
  'status',
  'terminationDate',
  'hireDate',
  'fullName',
  'department',
] as const;
const REQUIRED = ['employeeId', 'email', 'status'] as const;

/**
 * The most rows one export may hold. The rows go to the records table before the reconciliation
 * starts (its execution input carries only their count, far below Step Functions' 256 KB), in one
 * API request: 20,000 writes, 32 at a time, a few seconds inside the API function's 29 s.
 */
export const MAX_HR_EXPORT_ROWS = 20_000;
/** Generous for MAX_HR_EXPORT_ROWS rows; below Lambda's 6 MB request payload cap. */
export const MAX_HR_EXPORT_BYTES = 4 * 1024 * 1024;

const STATUS_WORDS: Record<string, HrEmploymentStatus> = {
  active: 'active',
  'on-leave': 'on-leave',
  'on leave': 'on-leave',
  terminated: 'terminated',
  inactive: 'terminated',
};

const day = (what: string) =>
  z.string().transform((text, ctx) => {
    if (text === '') return null;
    const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: `${what} must be a date such as 2026-11-30; got "${text}"` });
      return z.NEVER;
    }
    return new Date(ms).toISOString().slice(0, 10);
  });

const HrExportCsvRow = z.object({
  employeeId: z.string().min(1, 'employeeId is empty').max(200),
  email: z
    .email({ error: (issue) => `"${String(issue.input)}" is not an email address` })
    .max(254)
    .transform((email) => email.toLowerCase()),
  status: z.string().transform((text, ctx) => {
    const status = STATUS_WORDS[text.toLowerCase()];
    if (status === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" is not an employment status; write active, on-leave or terminated`,
      });
      return z.NEVER;
    }
    return status;
  }),
  terminationDate: day('terminationDate').default(null),
  hireDate: day('hireDate').default(null),
  fullName: z
    .string()
    .max(200)
    .transform((t) => t || null)
    .default(null),
  department: z
    .string()
    .max(200)
    .transform((t) => t || null)
    .default(null),
});

export type ParsedHrExport = { ok: true; rows: HrExportRow[] } | CsvRefusal;

export function parseHrExport(text: string, maxRows: number = MAX_HR_EXPORT_ROWS): ParsedHrExport {
  const read = readCsvRecords(text, 'The HR export');
  if (!read.ok) return read;
  const { records } = read;
  const header = records[0] ? Object.keys(records[0].record) : [];
  const unknown = header.filter((h) => !(HR_EXPORT_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (records.length > 0 && (unknown.length > 0 || missing.length > 0)) {
    const problems = [
      ...missing.map((c) => `missing column "${c}"`),
      ...unknown.map((c) => `unknown column "${c}"`),
    ];
    return {
      ok: false,
      message: `The HR export's header row must name the columns ${REQUIRED.join(', ')} (and may add ${HR_EXPORT_COLUMNS.filter((c) => !(REQUIRED as readonly string[]).includes(c)).join(', ')}): ${problems.join('; ')}`,
      rows: [{ line: 1, problems }],
    };
  }
  if (records.length === 0)
    return {
      ok: false,
      message: 'The HR export has no rows: send a header row and one row a person',
      rows: [],
    };
  if (records.length > maxRows) {
    return {
      ok: false,
      message: `An HR export holds at most ${maxRows} rows; this one has ${records.length}`,
      rows: [],
    };
  }

  const rows: HrExportRow[] = [];
  const bad: CsvRowProblem[] = [];
  for (const { record, info } of records) {
    const parsed = HrExportCsvRow.safeParse(record);
    if (parsed.success) rows.push({ line: info.lines, ...parsed.data });
    else
      bad.push({
        line: info.lines,
        problems: parsed.error.issues.map((i) =>
          i.code === 'custom' ? i.message : `${i.path.join('.')}: ${i.message}`,
        ),
      });
  }
  bad.push(...repeats(rows, 'email'), ...repeats(rows, 'employeeId'));
  if (bad.length > 0) {
    bad.sort((a, b) => a.line - b.line);
    return {
      ok: false,
      message: `${bad.length} row(s) of the HR export are invalid; nothing was started. Fix them and send the export again`,
      rows: bad,
    };
  }
  return { ok: true, rows };
}

/** A person listed twice makes HR's truth ambiguous: each later row is a problem naming the first. */
function repeats(rows: readonly HrExportRow[], field: 'email' | 'employeeId'): CsvRowProblem[] {
  const first = new Map<string, number>();
  const problems: CsvRowProblem[] = [];
  for (const row of rows) {
    const seen = first.get(row[field]);
    if (seen === undefined) first.set(row[field], row.line);
    else problems.push({ line: row.line, problems: [`${field} ${row[field]} repeats line ${seen}`] });
  }
  return problems;
}
