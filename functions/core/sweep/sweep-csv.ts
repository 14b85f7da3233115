import { stringify } from 'csv-stringify/sync';
import type { SweepMember } from '../../ports/records/sweeps.ts';

const COLUMNS = ['memberId', 'email', 'fullName', 'lastActiveAt', 'state', 'reason'] as const;

/** A sweep's members as CSV for spreadsheets (names are escaped against formula injection). */
export function sweepCsv(members: SweepMember[]): string {
  return stringify(
    members.map((m) => COLUMNS.map((c) => m[c] ?? '')),
    { header: true, columns: [...COLUMNS], escape_formulas: true },
  );
}
