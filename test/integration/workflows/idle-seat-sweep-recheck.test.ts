/**
 * The sweep's reclaim steps on their own, against the Trello simulator and dynalite, for the
 * paths the end-to-end suite cannot reach through the workflow: a candidate the re-listing did not
 * show although still idle (what a cursor that shifts as rows leave would do; the simulator's
 * cursor does not), and a revoke that was cut off before its outcome was recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbRecords } from '../../../functions/adapters/dynamodb/dynamodb-records.ts';
import { InboxNotifier } from '../../../functions/adapters/notify/inbox-notifier.ts';
import { recheckCandidates } from '../../../functions/core/sweep/recheck-candidates.ts';
import { reclaimActionKey, reclaimSeats } from '../../../functions/core/sweep/reclaim-seats.ts';
import type { SweepContext, SweepDeps } from '../../../functions/core/sweep/sweep-deps.ts';
import type { SweepMember } from '../../../functions/ports/records/sweeps.ts';
import type { WorkflowEngine } from '../../../functions/ports/workflow-engine.ts';
import { type Dynalite, startDynalite } from '../../support/dynalite.ts';
import { startTrelloFixture, type TrelloFixture } from '../../support/trello-sim.ts';

let t: TrelloFixture;
let db: Dynalite;
let deps: SweepDeps;
beforeAll(async () => {
  [t, db] = await Promise.all([startTrelloFixture(), startDynalite()]);
  await t.control('POST', '/enterprise', { maxMembers: 1_000 });
  const records = dynamoDbRecords({ client: db.client, tableName: db.tableName });
  const clock = { now: () => new Date() };
  deps = {
    ...records,
    clock,
    trello: t.admin(),
    notifier: new InboxNotifier(records.inbox, clock),
    mailer: null,
    // The reclaim steps never start or steer executions; a sweep run is not needed here.
    workflow: {} as WorkflowEngine,
    sweepSettings: {
      inactiveDays: 90,
      graceDays: 30,
      allowList: [],
      answerDays: 7,
      approvalTimeoutHours: 1,
      consoleUrl: null,
      massChangeGuard: { mode: 'off' },
    },
  };
});
afterAll(async () => {
  await Promise.all([t?.close(), db?.close()]);
});

let n = 0;
async function sweepWith(count: number) {
  const sweep: SweepContext = {
    sweepId: `S${++n}`,
    runId: `sweep:S${n}`,
    mode: 'auto',
    dryRun: false,
    inactiveSince: '2026-08-01',
    requestedBy: 'admin@example.com',
    answerBy: null,
  };
  await deps.sweeps.createSweep({
    sweepId: sweep.sweepId,
    mode: sweep.mode,
    dryRun: false,
    inactiveSince: sweep.inactiveSince,
    requestedBy: sweep.requestedBy,
    status: 'listing',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    seatsBefore: null,
    seatsAfter: null,
  });
  const members: SweepMember[] = [];
  for (let i = 0; i < count; i += 1) {
    const email = `idle.${n}.${i}@example.com`;
    const m = await t.control<{ id: string }>('POST', '/members', {
      email,
      fullName: `Idle ${i}`,
      licensed: true,
      dateLastImpression: '2026-01-10T09:00:00.000Z',
    });
    members.push({
      memberId: m.id,
      email,
      fullName: `Idle ${i}`,
      lastActiveAt: '2026-01-10T09:00:00.000Z',
      state: 'candidate',
      reason: 'idle',
    });
  }
  await deps.sweeps.addSweepMembers(sweep.sweepId, members);
  return { sweep, members };
}

const rowOf = async (sweep: SweepContext, memberId: string) =>
  (await deps.sweeps.getSweepMembers(sweep.sweepId, [memberId])).get(memberId);

describe('reclaim and re-check', () => {
  it('reclaims from the re-listing with one write each, and leaves the rest to the re-check', async () => {
    const { sweep, members } = await sweepWith(3);
    const [a, b, c] = members as [SweepMember, SweepMember, SweepMember];
    await t.control('POST', `/members/${c.memberId}/activity`, {});
    t.sim.resetCalls();
    let cursor: string | null = null;
    let reclaimed = 0;
    do {
      const page = await reclaimSeats(sweep, cursor, deps);
      reclaimed += page.reclaimed;
      cursor = page.cursor;
    } while (cursor);
    expect(reclaimed).toBe(2);
    expect(t.sim.calls().byRoute['PUT /1/enterprises/{id}/members/{idMember}/licensed']?.count).toBe(2);
    expect(await rowOf(sweep, a.memberId)).toMatchObject({ state: 'reclaimed' });
    expect(await rowOf(sweep, b.memberId)).toMatchObject({ state: 'reclaimed' });
    expect(await rowOf(sweep, c.memberId)).toMatchObject({ state: 'candidate' });

    expect(await recheckCandidates(sweep, deps)).toEqual({ done: true, reclaimed: 0 });
    expect(await rowOf(sweep, c.memberId)).toMatchObject({
      state: 'skipped',
      reason: expect.stringMatching(/^active again since the listing/),
    });
    expect(t.sim.state.member(c.memberId)?.licensed).toBe(true);
  });

  it('re-check reclaims a candidate still idle that the re-listing skipped, looked up by email', async () => {
    const { sweep, members } = await sweepWith(2);
    // No re-listing at all: as if the cursor had jumped past both.
    expect(await recheckCandidates(sweep, deps)).toEqual({ done: true, reclaimed: 2 });
    for (const m of members) {
      expect(await rowOf(sweep, m.memberId)).toMatchObject({ state: 'reclaimed' });
      expect(t.sim.state.member(m.memberId)?.licensed).toBe(false);
    }
    const audit = await deps.audit.runAudit(sweep.runId);
    expect(audit.map((a) => a.entry.result).sort()).toEqual(['begun', 'begun', 'succeeded', 'succeeded']);
  });

  it('records a revoke cut off before its outcome as reclaimed, and a seat lost elsewhere as skipped', async () => {
    const { sweep, members } = await sweepWith(2);
    const [cut, elsewhere] = members as [SweepMember, SweepMember];
    // The cut-off run: audit begun, write landed, then the Lambda died.
    await deps.audit.beginAudit(sweep.runId, reclaimActionKey(cut.memberId), {
      at: new Date().toISOString(),
      actor: sweep.requestedBy,
      action: 'reclaim-seat',
      target: `member:${cut.memberId}`,
      detail: `revoke the idle license of ${cut.email}`,
      runId: sweep.runId,
      employeeId: null,
    });
    await t.admin().setLicensed(cut.memberId, false);
    // Someone else (Trello's own seat management, an admin in the dashboard) freed this one.
    await t.admin().setLicensed(elsewhere.memberId, false);
    t.sim.resetCalls();

    expect(await recheckCandidates(sweep, deps)).toEqual({ done: true, reclaimed: 1 });
    expect(t.sim.calls().successfulWrites).toBe(0);
    expect(await rowOf(sweep, cut.memberId)).toMatchObject({
      state: 'reclaimed',
      reason: expect.stringMatching(/interrupted batch/),
    });
    expect(await rowOf(sweep, elsewhere.memberId)).toMatchObject({
      state: 'skipped',
      reason: 'no longer holds a seat (changed since the listing)',
    });
    // The begun entry stays as it was; the outcome is a second entry naming it.
    const [begun, outcome] = (await deps.audit.runAudit(sweep.runId)).map((a) => a.entry);
    expect(begun).toMatchObject({ result: 'begun', target: `member:${cut.memberId}` });
    expect(outcome).toMatchObject({
      result: 'succeeded',
      begunId: begun?.id,
      detail: expect.stringMatching(/confirmed on re-check/),
    });
  });
});
