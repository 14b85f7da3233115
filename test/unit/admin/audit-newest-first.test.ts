/**
 * The newest-first audit listing over a stand-in for the records' oldest-first listing (the real
 * one on dynalite is exercised by test/integration/api/console-api.test.ts): day windows, the
 * cursor, the filters and the read budget.
 */
import { describe, expect, it } from 'vitest';
import { auditNewestFirst } from '../../../functions/core/admin/audit-newest-first.ts';
import { InvalidPageRequestError, StepInputInvalidError } from '../../../functions/core/errors.ts';
import type { StoredAuditEntry } from '../../../functions/ports/records/audit-log.ts';
import type { PersonProfile } from '../../../functions/ports/records/people.ts';

/** The trail as the records hold it: each UTC day a chain numbered from 1, listed oldest first. */
class Trail {
  readonly entries: StoredAuditEntry[] = [];
  reads = 0;
  people: Array<Pick<PersonProfile, 'employeeId' | 'email'>> = [];

  add(at: string, fields: Partial<StoredAuditEntry> = {}): StoredAuditEntry {
    const day = at.slice(0, 10);
    const seq = this.entries.filter((e) => e.at.slice(0, 10) === day).length + 1;
    const entry: StoredAuditEntry = {
      id: `${day}-${seq}`,
      at,
      actor: 'hr:evt',
      action: 'grant-seat',
      target: 'member:m1',
      result: 'succeeded',
      detail: '',
      runId: null,
      employeeId: null,
      attempt: 1,
      begunId: null,
      seq,
      prevHash: '0'.repeat(64),
      hash: '1'.repeat(64),
      ...fields,
    };
    this.entries.push(entry);
    this.entries.sort((a, b) => a.at.slice(0, 10).localeCompare(b.at.slice(0, 10)) || a.seq - b.seq);
    return entry;
  }

  readonly records = {
    audit: {
      listAudit: async (filter: { since: string; limit?: number; cursor?: string | null }) => {
        const from = Number(filter.cursor ?? 0);
        const after = this.entries.filter((e) => e.at >= filter.since);
        const items = after.slice(from, from + (filter.limit ?? 50));
        this.reads += items.length;
        const next = from + items.length;
        return { items, nextCursor: next < after.length ? String(next) : null };
      },
    },
    people: {
      searchPeople: async (text: string) =>
        this.people.filter((p) => p.email === text || p.employeeId === text) as PersonProfile[],
    },
  };
}

const NOW = new Date('2026-11-22T12:00:00.000Z');
const query = (more: Partial<Parameters<typeof auditNewestFirst>[0]> = {}) => ({
  since: '2000-01-01T00:00:00.000Z',
  until: null,
  person: null,
  action: null,
  limit: 3,
  cursor: null,
  ...more,
});

async function everyPage(trail: Trail, q = query(), maxEntriesRead?: number) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = await auditNewestFirst(
      { ...q, cursor },
      { records: trail.records, now: NOW, ...(maxEntriesRead ? { maxEntriesRead } : {}) },
    );
    pages.push(page.items.map((e) => e.id));
    cursor = page.nextCursor;
    // A cursor that never moves on would page forever: fail instead.
    if (pages.length > 100)
      throw new Error(`Still paging after 100 pages: ${JSON.stringify(pages.slice(-3))}`);
  } while (cursor !== null);
  return pages;
}

describe('auditNewestFirst', () => {
  it('lists every entry once, newest first, across days far apart', async () => {
    const trail = new Trail();
    for (const at of [
      '2025-02-01T09:00:00.000Z',
      '2026-06-30T09:00:00.000Z',
      '2026-11-20T08:00:00.000Z',
      '2026-11-20T09:00:00.000Z',
      '2026-11-22T07:00:00.000Z',
      '2026-11-22T08:00:00.000Z',
      '2026-11-22T09:00:00.000Z',
    ])
      trail.add(at);
    const pages = await everyPage(trail);
    expect(pages).toEqual([
      ['2026-11-22-3', '2026-11-22-2', '2026-11-22-1'],
      ['2026-11-20-2', '2026-11-20-1', '2026-06-30-1'],
      ['2025-02-01-1'],
    ]);
  });

  it('goes on below the last entry answered, whatever was appended since', async () => {
    const trail = new Trail();
    trail.add('2026-11-22T07:00:00.000Z');
    trail.add('2026-11-22T08:00:00.000Z');
    trail.add('2026-11-22T09:00:00.000Z');
    const first = await auditNewestFirst(query({ limit: 2 }), { records: trail.records, now: NOW });
    trail.add('2026-11-22T10:00:00.000Z');
    const second = await auditNewestFirst(query({ limit: 2, cursor: first.nextCursor }), {
      records: trail.records,
      now: NOW,
    });
    expect(first.items.map((e) => e.id)).toEqual(['2026-11-22-3', '2026-11-22-2']);
    expect(second).toEqual({ items: [expect.objectContaining({ id: '2026-11-22-1' })], nextCursor: null });
  });

  it('keeps only entries about the person (by employee id, or by email for entries without one) and the action', async () => {
    const trail = new Trail();
    trail.people = [{ employeeId: 'E1', email: 'ana@example.com' }];
    trail.add('2026-11-21T09:00:00.000Z', { target: 'email:ana@example.com', action: 'invite-to-workspace' });
    trail.add('2026-11-21T10:00:00.000Z', { employeeId: 'E1', action: 'decide-approval' });
    trail.add('2026-11-21T11:00:00.000Z', { employeeId: 'E2', action: 'decide-approval' });
    trail.add('2026-11-22T09:00:00.000Z', { employeeId: 'E1', action: 'grant-seat' });
    expect(await everyPage(trail, query({ person: 'ana@example.com', limit: 10 }))).toEqual([
      ['2026-11-22-1', '2026-11-21-2', '2026-11-21-1'],
    ]);
    expect(await everyPage(trail, query({ person: 'E1', action: 'DECIDE', limit: 10 }))).toEqual([
      ['2026-11-21-2'],
    ]);
  });

  it('answers entries between since and until only', async () => {
    const trail = new Trail();
    trail.add('2026-11-20T09:00:00.000Z');
    trail.add('2026-11-21T09:00:00.000Z');
    trail.add('2026-11-21T15:00:00.000Z');
    trail.add('2026-11-22T09:00:00.000Z');
    const pages = await everyPage(
      trail,
      query({ since: '2026-11-21T00:00:00.000Z', until: '2026-11-21T12:00:00.000Z', limit: 10 }),
    );
    expect(pages).toEqual([['2026-11-21-1']]);
  });

  it('stops at its read budget with a cursor to go on from, and still reaches every match', async () => {
    const trail = new Trail();
    trail.add('2026-10-01T09:00:00.000Z', { action: 'decide-approval' });
    for (let day = 2; day <= 21; day += 1) {
      for (let i = 0; i < 5; i += 1) trail.add(`2026-11-${String(day).padStart(2, '0')}T09:0${i}:00.000Z`);
    }
    const pages = await everyPage(trail, query({ action: 'decide' }), 12);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flat()).toEqual(['2026-10-01-1']);
  });

  it('refuses one day with more entries than the budget, and a cursor it did not issue', async () => {
    const trail = new Trail();
    for (let i = 0; i < 20; i += 1) trail.add(`2026-11-22T09:${String(i).padStart(2, '0')}:00.000Z`);
    await expect(
      auditNewestFirst(query(), { records: trail.records, now: NOW, maxEntriesRead: 10 }),
    ).rejects.toThrow(StepInputInvalidError);
    await expect(
      auditNewestFirst(query({ cursor: 'bm90LWEtY3Vyc29y' }), { records: trail.records, now: NOW }),
    ).rejects.toThrow(InvalidPageRequestError);
  });
});
