/**
 * walkPages, how the sweep's listing and the reconciliation's reading walk Trello's members query:
 * each page recorded while the next is asked for, for a time budget, answering the cursor to go on
 * from; an error in either is thrown only once both have settled. Pages and clock in memory.
 */
import { describe, expect, it } from 'vitest';
import { walkPages } from '../../../functions/core/trello-pages.ts';
import type { MemberPage } from '../../../functions/ports/trello-admin.ts';
import { aMember } from '../../support/builders.ts';
import { fixedClock } from '../../support/run-builders.ts';

/** Three pages of one member each, cursors '1' and '2'. */
const pages: Record<string, MemberPage> = {
  start: { members: [aMember({ memberId: 'm0' })], nextCursor: '1' },
  '1': { members: [aMember({ memberId: 'm1' })], nextCursor: '2' },
  '2': { members: [aMember({ memberId: 'm2' })], nextCursor: null },
};
const fetchPage = async (cursor: string | null) => pages[cursor ?? 'start'] as MemberPage;

describe('walkPages', () => {
  it('records every page to the last within the budget, and says it is done', async () => {
    // Prepare
    const recorded: string[] = [];
    // Act
    const walk = await walkPages(
      null,
      fetchPage,
      async (page) => {
        recorded.push(...page.members.map((m) => m.memberId));
        return page.members.length;
      },
      { clock: fixedClock(), ms: 1000 },
    );
    // Assess
    expect(walk).toEqual({ cursor: null, done: true, listed: 3 });
    expect(recorded).toEqual(['m0', 'm1', 'm2']);
  });

  it('stops asking for pages once the budget is spent, recording the page already asked for and answering the cursor', async () => {
    // Prepare: the budget runs out while the first page is recorded (the second is asked for meanwhile).
    const clock = fixedClock();
    const recorded: string[] = [];
    // Act
    const walk = await walkPages(
      null,
      fetchPage,
      async (page) => {
        recorded.push(...page.members.map((m) => m.memberId));
        clock.at = '2026-12-01T09:00:01.000Z';
        return 1;
      },
      { clock, ms: 1000 },
    );
    // Assess
    expect(walk).toEqual({ cursor: '2', done: false, listed: 2 });
    expect(recorded).toEqual(['m0', 'm1']);
  });

  it('throws the recording error only once the page asked for meanwhile has settled', async () => {
    // Prepare: the second page is held until the test lets it go.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const heldFetch = async (cursor: string | null) => {
      if (cursor !== null) await held;
      return fetchPage(cursor);
    };
    let thrown = false;
    // Act
    const walk = walkPages(
      null,
      heldFetch,
      async () => {
        throw new Error('the records are down');
      },
      { clock: fixedClock(), ms: 1000 },
    );
    walk.catch(() => {
      thrown = true;
    });
    for (let turn = 0; turn < 20; turn++) await Promise.resolve();
    const beforeRelease = thrown;
    release();
    // Assess
    await expect(walk).rejects.toThrow('the records are down');
    expect(beforeRelease).toBe(false);
  });

  it('throws a failed fetch of the next page after recording the current one', async () => {
    // Prepare
    const recorded: string[] = [];
    // Act
    const walk = walkPages(
      null,
      async (cursor) => {
        if (cursor === '1') throw new Error('Trello answered 503');
        return fetchPage(cursor);
      },
      async (page) => {
        recorded.push(...page.members.map((m) => m.memberId));
        return 1;
      },
      { clock: fixedClock(), ms: 1000 },
    );
    // Assess
    await expect(walk).rejects.toThrow('Trello answered 503');
    expect(recorded).toEqual(['m0']);
  });
});
