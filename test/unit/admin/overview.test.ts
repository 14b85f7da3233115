/**
 * overview, the page an admin lands on: seats, approvals waiting (oldest first, expired ones left
 * out), the week's runs by status and kind, the latest offboardings' time to cut against the SLO,
 * the last sweep's tally, and what the mass-change guard holds. Records, Trello and the guard's
 * store in memory.
 */
import { describe, expect, it } from 'vitest';
import { overview } from '../../../functions/core/admin/overview.ts';
import { sweepRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import type { CutProgress, RunRecord } from '../../../functions/ports/records/runs.ts';
import { aMember, aProfile } from '../../support/builders.ts';
import { InMemoryGuardStore } from '../../support/fakes/in-memory-guard-store.ts';
import { inMemoryRecords } from '../../support/fakes/in-memory-records.ts';
import { InMemoryTrello } from '../../support/fakes/in-memory-trello.ts';
import { aSeatApproval, fixedClock, NOW } from '../../support/run-builders.ts';

function prepare() {
  const records = inMemoryRecords(() => new Date(NOW));
  const trello = new InMemoryTrello();
  trello.add(aMember({ licensed: true }));
  const guard = new InMemoryGuardStore();
  return {
    records,
    trello,
    guard,
    deps: { ...records, trello, guard, clock: fixedClock(), guardMode: 'on' as const },
  };
}

const aRun = (runId: string, overrides: Partial<RunRecord> = {}): RunRecord => ({
  runId,
  kind: 'onboarding',
  employeeId: 'E1001',
  executionName: runId,
  eventId: null,
  status: 'succeeded',
  outcome: null,
  summary: null,
  dryRun: false,
  startedAt: '2026-11-30T09:00:00.000Z',
  finishedAt: null,
  steps: [],
  ...overrides,
});

const cut = (progress: Partial<CutProgress>): CutProgress => ({
  state: 'done',
  effectiveAt: NOW,
  dueAt: '2026-12-01T08:00:00.000Z',
  sloSeconds: 300,
  attempts: 0,
  lastError: null,
  lastErrorAt: null,
  endedAt: null,
  seconds: null,
  lateNotifiedAt: null,
  detail: null,
  rev: 1,
  ...progress,
});

describe('overview', () => {
  it('counts the week’s runs by status and kind, leaving out older ones', async () => {
    // Prepare
    const { records, deps } = prepare();
    await records.runs.createRun(aRun('r1'));
    await records.runs.createRun(aRun('r2'));
    await records.runs.createRun(aRun('r3', { kind: 'offboarding', status: 'failed' }));
    await records.runs.createRun(aRun('old', { startedAt: '2026-11-20T09:00:00.000Z' }));
    // Act
    const view = await overview(deps);
    // Assess
    expect(view.runs).toEqual({
      since: '2026-11-24T09:00:00.000Z',
      complete: true,
      counts: [
        { status: 'succeeded', kind: 'onboarding', count: 2 },
        { status: 'failed', kind: 'offboarding', count: 1 },
      ],
    });
    expect(view.seats).toMatchObject({ used: 1, queued: 0, upcoming: 0 });
  });

  it('lists the approvals waiting oldest first with their age and subject, leaving out expired ones', async () => {
    // Prepare
    const { records, deps } = prepare();
    await records.people.putProfile(aProfile(), null);
    await records.approvals.putApproval(
      aSeatApproval({ id: 'new', createdAt: '2026-11-30T09:00:00.000Z' }),
      't1',
    );
    await records.approvals.putApproval(
      aSeatApproval({ id: 'old', createdAt: '2026-11-29T09:00:00.000Z', question: 'Grant a seat?\nDetails' }),
      't2',
    );
    await records.approvals.putApproval(
      aSeatApproval({
        id: 'expired',
        createdAt: '2026-11-20T09:00:00.000Z',
        expiresAt: '2026-11-27T09:00:00.000Z',
      }),
      't3',
    );
    // Act
    const { approvals } = await overview(deps);
    // Assess
    expect(approvals.waiting).toBe(2);
    expect(approvals.oldest.map((a) => [a.id, a.title, a.ageSeconds, a.subjectName])).toEqual([
      ['old', 'Grant a seat?', 2 * 86_400, 'Ana Lima'],
      ['new', 'No seat is free. Approve to retry the grant?', 86_400, 'Ana Lima'],
    ]);
  });

  it('shows the time to cut of recent offboardings, a cut still trying timed from when it was due', async () => {
    // Prepare
    const { records, deps } = prepare();
    await records.people.putProfile(aProfile(), null);
    await records.runs.createRun(
      aRun('off-1', {
        kind: 'offboarding',
        status: 'access-remains',
        cuts: { trello: cut({ seconds: 42 }), idp: cut({ state: 'trying' }) },
      }),
    );
    await records.runs.createRun(aRun('off-no-cuts', { kind: 'offboarding' }));
    // Act
    const { timeToCut } = await overview(deps);
    // Assess
    expect(timeToCut).toEqual([
      expect.objectContaining({
        runId: 'off-1',
        person: { fullName: 'Ana Lima', email: 'ana.lima@example.com' },
        cuts: [
          { cut: 'trello', state: 'done', seconds: 42, sloSeconds: 300, pastSlo: false },
          { cut: 'idp', state: 'trying', seconds: 3600, sloSeconds: 300, pastSlo: true },
        ],
      }),
    ]);
  });

  it('tallies the last sweep by member state', async () => {
    // Prepare
    const { records, deps } = prepare();
    await records.sweeps.createSweep({
      sweepId: 'S1',
      mode: 'auto',
      dryRun: false,
      inactiveSince: '2026-09-02',
      requestedBy: 'schedule:weekly',
      status: 'finished',
      startedAt: NOW,
      finishedAt: NOW,
      seatsBefore: 40,
      seatsAfter: 38,
    });
    await records.runs.createRun(
      aRun(sweepRunId('S1'), { kind: 'sweep', employeeId: null, executionName: 'S1' }),
    );
    const row = { email: null, fullName: 'x', lastActiveAt: null, reason: 'idle' };
    await records.sweeps.addSweepMembers('S1', [
      { ...row, memberId: 'a', state: 'reclaimed' },
      { ...row, memberId: 'b', state: 'reclaimed' },
      { ...row, memberId: 'c', state: 'exempt' },
    ]);
    // Act
    const { lastSweep } = await overview(deps);
    // Assess
    expect(lastSweep).toMatchObject({
      sweepId: 'S1',
      seatsAfter: 38,
      counts: { reclaimed: 2, exempt: 1, candidate: 0 },
    });
  });

  it('says how many terminations the guard holds, in which batch, and nothing once decided', async () => {
    // Prepare
    const { guard, deps } = prepare();
    const held = {
      eventId: 'e',
      employeeId: 'E1',
      email: 'a@example.com',
      fullName: 'A',
      department: null,
      managerEmail: null,
      heldAt: NOW,
      reason: 'r',
    };
    await guard.hold('terminations', { ...held, runId: 'r1' }, { windowMinutes: 60, limit: 2 });
    await guard.hold('terminations', { ...held, runId: 'r2' }, { windowMinutes: 60, limit: 2 });
    await guard.decide('r2', 'discarded', 'it@example.com', NOW);
    // Act
    const view = await overview(deps);
    await guard.decide('r1', 'released', 'it@example.com', NOW);
    const after = await overview(deps);
    // Assess
    expect(view.quarantine).toEqual({ guard: 'on', held: 1, batchId: 'batch-1', openedAt: NOW });
    expect(after.quarantine).toEqual({ guard: 'on', held: 0, batchId: null, openedAt: null });
  });
});
