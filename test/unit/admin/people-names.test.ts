/**
 * namesOf / withNames (people, not ids, next to runs and approvals: one batched read) and
 * auditCsv (the trail for spreadsheets, formulas from HR data defused). Records in memory.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { auditCsv } from '../../../functions/core/admin/audit-csv.ts';
import { namesOf, withNames } from '../../../functions/core/admin/people-names.ts';
import type { StoredAuditEntry } from '../../../functions/ports/records/audit-log.ts';
import { aProfile } from '../../support/builders.ts';
import { inMemoryRecords } from '../../support/fakes/in-memory-records.ts';
import { NOW } from '../../support/run-builders.ts';

describe('namesOf and withNames', () => {
  it('reads each known id once, in one batch, and leaves out blanks and people without a record', async () => {
    // Prepare
    const { people } = inMemoryRecords();
    await people.putProfile(aProfile(), null);
    const asked: string[][] = [];
    const getProfiles = people.getProfiles.bind(people);
    people.getProfiles = async (ids) => {
      asked.push([...ids]);
      return getProfiles(ids);
    };
    // Act
    const names = await namesOf(['E1001', null, '', 'E1001', undefined, 'E404'], people);
    // Assess
    expect(asked).toEqual([['E1001', 'E404']]);
    expect([...names]).toEqual([['E1001', { fullName: 'Ana Lima', email: 'ana.lima@example.com' }]]);
  });

  it('reads nothing when no item names anyone', async () => {
    // Prepare
    const { people } = inMemoryRecords();
    people.getProfiles = async () => {
      throw new Error('must not read');
    };
    // Act
    const items = await withNames([{ employeeId: null }], (i) => i.employeeId, people);
    // Assess
    expect(items).toEqual([{ employeeId: null, person: null }]);
  });

  it('puts the person next to each item', async () => {
    // Prepare
    const { people } = inMemoryRecords();
    await people.putProfile(aProfile(), null);
    // Act
    const items = await withNames(
      [
        { runId: 'r1', employeeId: 'E1001' },
        { runId: 'r2', employeeId: 'E9' },
      ],
      (i) => i.employeeId,
      people,
    );
    // Assess
    expect(items.map((i) => i.person?.fullName ?? null)).toEqual(['Ana Lima', null]);
  });
});

const anEntry = (overrides: Partial<StoredAuditEntry> = {}): StoredAuditEntry => ({
  id: 'a1',
  at: NOW,
  actor: 'hr:evt-1',
  action: 'grant-seat',
  target: 'member:m1',
  result: 'succeeded',
  detail: 'granted',
  runId: null,
  employeeId: 'E1001',
  attempt: 1,
  begunId: null,
  seq: 1,
  prevHash: '0'.repeat(64),
  hash: 'f'.repeat(64),
  ...overrides,
});

describe('auditCsv', () => {
  it('writes a header and one row per entry, its place in the chain included and null as an empty cell', () => {
    // Act
    const rows = parse(auditCsv([anEntry()]), { columns: true }) as Array<Record<string, string>>;
    // Assess
    expect(rows).toEqual([
      expect.objectContaining({
        at: NOW,
        action: 'grant-seat',
        runId: '',
        begunId: '',
        seq: '1',
        hash: 'f'.repeat(64),
      }),
    ]);
  });

  it('defuses a cell a spreadsheet would run as a formula', () => {
    // Act
    const rows = parse(auditCsv([anEntry({ detail: '=HYPERLINK("http://evil")', actor: '@admin' })]), {
      columns: true,
    }) as Array<Record<string, string>>;
    // Assess
    expect(rows[0]?.detail).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[0]?.actor).toBe(`'@admin`);
  });
});
