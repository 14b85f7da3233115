/** sweepCsv: a sweep's members for spreadsheets, formulas in names from Trello defused, null as an empty cell. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { sweepCsv } from '../../../../functions/core/sweep/sweep-csv.ts';

describe('sweepCsv', () => {
  it('writes one row per member under a header, defusing a name a spreadsheet would run', () => {
    // Act
    const csv = sweepCsv([
      {
        memberId: 'm1',
        email: null,
        fullName: '=cmd|calc',
        lastActiveAt: null,
        state: 'reclaimed',
        reason: 'idle',
      },
    ]);
    // Assess
    expect(csv.split('\n')[0]).toBe('memberId,email,fullName,lastActiveAt,state,reason');
    expect(parse(csv, { columns: true })).toEqual([
      {
        memberId: 'm1',
        email: '',
        fullName: `'=cmd|calc`,
        lastActiveAt: '',
        state: 'reclaimed',
        reason: 'idle',
      },
    ]);
  });
});
