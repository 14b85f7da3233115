import { stringify } from 'csv-stringify/sync';
import type { AuditEntry } from '../../ports/record-store.ts';

const COLUMNS = ['at', 'actor', 'action', 'target', 'result', 'detail', 'runId', 'employeeId', 'id'] as const;

/**
 * The audit trail as CSV for spreadsheets. Cells that a spreadsheet would run as a formula
 * (names and details come from HR systems) are escaped.
 */
export function auditCsv(entries: AuditEntry[]): string {
  return stringify(
    entries.map((e) => COLUMNS.map((c) => e[c] ?? '')),
    { header: true, columns: [...COLUMNS], escape_formulas: true },
  );
}
