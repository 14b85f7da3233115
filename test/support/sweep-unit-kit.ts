/**
 * A sweep's unit-test surroundings (sweep-kit.ts is the integration tests'): the records and the
 * whole Trello port in memory, an auto sweep begun with 40 seats in use, and idle members listed
 * as its candidates (licensed in Trello, last active long before the cutoff).
 */
import type { MassChangeGuardSettings } from '../../functions/core/guard/mass-change-guard.ts';
import { sweepRunId } from '../../functions/core/lifecycle/run-ids.ts';
import { reclaimActionKey } from '../../functions/core/sweep/reclaim-seats.ts';
import type { SweepContext, SweepDeps } from '../../functions/core/sweep/sweep-deps.ts';
import type { SweepMember } from '../../functions/ports/records/sweeps.ts';
import { aMember } from './builders.ts';
import { inMemoryRecords } from './fakes/in-memory-records.ts';
import { InMemoryTrello } from './fakes/in-memory-trello.ts';
import { RecordingNotifier } from './fakes/recording-notifier.ts';
import { RecordingWorkflowEngine } from './fakes/recording-workflow-engine.ts';
import { fixedClock, NOW } from './run-builders.ts';

export const SWEEP: SweepContext = {
  sweepId: 'sweep-2026-12-01-0123abcd',
  runId: sweepRunId('sweep-2026-12-01-0123abcd'),
  mode: 'auto',
  dryRun: false,
  inactiveSince: '2026-09-02',
  requestedBy: 'admin:it@example.com',
  answerBy: null,
};

/** Long before the cutoff. */
export const LONG_AGO = '2026-01-10T09:00:00.000Z';

export async function aSweep(massChangeGuard: MassChangeGuardSettings = { mode: 'off' }) {
  const records = inMemoryRecords(() => new Date(NOW));
  const trello = new InMemoryTrello();
  trello.maxSeats = 100;
  const clock = fixedClock();
  await records.sweeps.createSweep({
    sweepId: SWEEP.sweepId,
    mode: SWEEP.mode,
    dryRun: false,
    inactiveSince: SWEEP.inactiveSince,
    requestedBy: SWEEP.requestedBy,
    status: 'listing',
    startedAt: NOW,
    finishedAt: null,
    seatsBefore: 40,
    seatsAfter: null,
  });
  const deps: SweepDeps = {
    ...records,
    clock,
    trello,
    notifier: new RecordingNotifier(),
    mailer: null,
    workflow: new RecordingWorkflowEngine(),
    sweepSettings: {
      inactiveDays: 90,
      graceDays: 30,
      allowList: [],
      answerDays: 7,
      approvalTimeoutHours: 72,
      consoleUrl: null,
      massChangeGuard,
    },
  };
  /** Idle member `n` (`m<n>`), licensed in Trello, recorded as the sweep's listing found them. */
  const listed = async (
    n: number,
    state: SweepMember['state'] = 'candidate',
    email: string | null = `idle${n}@example.com`,
  ) => {
    const member = aMember({
      memberId: `m${n}`,
      email,
      fullName: `Idle ${n}`,
      username: `idle${n}`,
      licensed: true,
      lastActiveAt: LONG_AGO,
    });
    trello.add(member);
    const row: SweepMember = {
      memberId: member.memberId,
      email,
      fullName: member.fullName,
      lastActiveAt: LONG_AGO,
      state,
      reason: state === 'candidate' ? `not active since ${SWEEP.inactiveSince}` : 'kept by a rule',
    };
    await records.sweeps.addSweepMembers(SWEEP.sweepId, [row]);
    return row;
  };
  /** The sweep's run, going (Begin Sweep recorded it). */
  const running = () =>
    records.runs.createRun({
      runId: SWEEP.runId,
      kind: 'sweep',
      employeeId: null,
      executionName: SWEEP.sweepId,
      eventId: null,
      status: 'running',
      outcome: null,
      summary: null,
      dryRun: false,
      startedAt: NOW,
      finishedAt: null,
      steps: [],
    });
  /** The begun audit entry of a revoke of member `m<n>` by this sweep, as a cut-off batch leaves it. */
  const begunReclaim = (n: number) =>
    records.audit.beginAudit(SWEEP.runId, reclaimActionKey(`m${n}`), {
      at: NOW,
      actor: SWEEP.requestedBy,
      action: 'reclaim-seat',
      target: `member:m${n}`,
      detail: `revoke the idle license of idle${n}@example.com`,
      runId: SWEEP.runId,
      employeeId: null,
    });
  /** The sweep's row of member `m<n>`. */
  const rowOf = async (n: number) =>
    (await records.sweeps.getSweepMembers(SWEEP.sweepId, [`m${n}`])).get(`m${n}`);
  return { records, trello, clock, deps, listed, rowOf, running, begunReclaim };
}
