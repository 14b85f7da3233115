import { stringify } from 'csv-stringify/sync';
import type { StoredAuditEntry } from '../../ports/records/audit-log.ts';

const COLUMNS = [
  'at',
  'actor',
  'action',
  'target',
  'result',
  'detail',
  'runId',
  'employeeId',
  'id',
  'attempt',
  'begunId',
  'seq',
  'prevHash',
  'hash',
] as const satisfies ReadonlyArray<keyof StoredAuditEntry>;

/**
 * The audit trail as CSV for spreadsheets, with each entry's place in its chain (seq, prevHash,
 * hash). Cells that a spreadsheet would run as a formula (names and details come from HR systems)
 * are escaped with a leading `'`: to recompute hashes, use the JSON export (exact), or drop that
 * `'` from cells that start with it followed by `=`, `+`, `-`, `@` (or their full-width forms
 * `＝＋－＠`), a tab or a carriage return. Null is an empty cell.
 */
export function auditCsv(entries: StoredAuditEntry[]): string {
  return stringify(
    entries.map((e) => COLUMNS.map((c) => e[c] ?? '')),
    { header: true, columns: [...COLUMNS], escape_formulas: true },
  );
}
