/**
 * listIdleMembers: each licensed member idle since the cutoff is recorded once, as a candidate or
 * as exempt with the rule that keeps them; members Trello lists that are deactivated or active
 * since are not. Records and Trello in memory (the rules themselves: sweep-exemptions.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { LIST_BUDGET_MS, listIdleMembers } from '../../../../functions/core/sweep/list-idle-members.ts';
import { aMember, aProfile } from '../../../support/builders.ts';
import { aSweep, LONG_AGO, SWEEP } from '../../../support/sweep-unit-kit.ts';

const idle = (n: number, overrides = {}) =>
  aMember({
    memberId: `m${n}`,
    email: `idle${n}@example.com`,
    licensed: true,
    lastActiveAt: LONG_AGO,
    ...overrides,
  });

describe('listIdleMembers', () => {
  it('records the idle seats as candidates, and those a rule keeps as exempt with the reason', async () => {
    // Prepare
    const { records, trello, deps } = await aSweep();
    trello.add(idle(1));
    trello.add(idle(2, { enterpriseAdmin: true }));
    trello.add(idle(3, { lastActiveAt: null }));
    trello.add(idle(4));
    await records.people.putProfile(
      aProfile({ employeeId: 'E4', trelloMemberId: 'm4', onLeave: true }),
      null,
    );
    trello.add(idle(5, { deactivated: true }));
    trello.add(idle(6, { lastActiveAt: '2026-11-30T09:00:00.000Z' }));
    trello.add(idle(7, { licensed: false }));
    // Act
    const result = await listIdleMembers(SWEEP, null, deps);
    // Assess
    expect(result).toEqual({ cursor: null, done: true, listed: 4 });
    const { items } = await records.sweeps.listSweepMembers(SWEEP.sweepId, {});
    expect(items.map((m) => [m.memberId, m.state, m.reason])).toEqual([
      ['m1', 'candidate', `not active since 2026-09-02 (last: ${LONG_AGO})`],
      ['m2', 'exempt', 'Enterprise admin'],
      ['m3', 'candidate', 'not active since 2026-09-02 (last: never)'],
      ['m4', 'exempt', 'on leave per HR'],
    ]);
  });

  it('never undoes a later state when a page is listed again', async () => {
    // Prepare
    const { records, trello, deps } = await aSweep();
    trello.add(idle(1));
    await listIdleMembers(SWEEP, null, deps);
    await records.sweeps.setSweepMemberState(
      SWEEP.sweepId,
      'm1',
      { state: 'dropped', reason: 'kept by it' },
      ['candidate'],
    );
    // Act
    await listIdleMembers(SWEEP, null, deps);
    // Assess
    expect((await records.sweeps.getSweepMembers(SWEEP.sweepId, ['m1'])).get('m1')?.state).toBe('dropped');
  });

  it('hands back the cursor once its time budget is spent', async () => {
    // Prepare
    const { trello, clock, deps } = await aSweep();
    trello.pageSize = 1;
    trello.add(idle(1));
    trello.add(idle(2));
    // The budget is spent as soon as the first page is in.
    const start = Date.parse(clock.at);
    let reads = 0;
    clock.now = () => new Date(start + (reads++ === 0 ? 0 : LIST_BUDGET_MS));
    // Act
    const first = await listIdleMembers(SWEEP, null, deps);
    const rest = await listIdleMembers(SWEEP, first.cursor, deps);
    // Assess
    expect(first).toEqual({ cursor: '1', done: false, listed: 1 });
    expect(rest).toEqual({ cursor: null, done: true, listed: 1 });
  });
});
