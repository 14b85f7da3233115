/**
 * guardTermination, the mass-change guard in front of every offboarding: counts the termination in
 * the window, lets it through or holds it (run recorded waiting, nothing claimed), and answers a
 * held run's re-run from its batch. Records and the guard's store in memory (small limits here;
 * the default ones are tested in mass-change-guard.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { guardTermination } from '../../../../functions/core/guard/guard-termination.ts';
import type { MassChangeGuardSettings } from '../../../../functions/core/guard/mass-change-guard.ts';
import type { GuardStore } from '../../../../functions/ports/guard-store.ts';
import { InMemoryGuardStore } from '../../../support/fakes/in-memory-guard-store.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { anEvent, aRunContext, fixedClock, NOW } from '../../../support/run-builders.ts';

/** Two terminations an hour go through; urgent ones up to the third. */
const GUARD: MassChangeGuardSettings = {
  mode: 'on',
  terminations: { maxCount: 2, windowMinutes: 60, maxShare: null, urgentMaxCount: 3 },
  reclaims: { maxCount: 100, maxShare: null },
};

const termination = (n: number, overrides = {}) => ({
  event: anEvent({ id: `evt-term-${n}`, type: 'employee.terminated', ...overrides }),
  run: aRunContext({
    runId: `offboarding:evt-term-${n}`,
    executionName: `exec-term-${n}`,
    actor: `hr:evt-term-${n}`,
    person: {
      id: `E${n}`,
      email: `leaver${n}@example.com`,
      fullName: `Leaver ${n}`,
      department: 'Sales',
      managerEmail: 'boss@example.com',
    },
  }),
});

function prepare(settings: MassChangeGuardSettings = GUARD, guard: GuardStore = new InMemoryGuardStore()) {
  const records = inMemoryRecords(() => new Date(NOW));
  const clock = fixedClock();
  return { records, guard, clock, deps: { ...records, guard, clock, settings } };
}

/** Runs the first `count` terminations through the guard. */
async function admitFirst(count: number, deps: ReturnType<typeof prepare>['deps']) {
  for (let n = 1; n <= count; n++) {
    const { event, run } = termination(n);
    await guardTermination(event, run, deps);
  }
}

describe('guardTermination', () => {
  it('lets a termination within the limit through, recording no run and holding nothing', async () => {
    // Prepare
    const { records, guard, deps } = prepare();
    const { event, run } = termination(1);
    // Act
    const verdict = await guardTermination(event, run, deps);
    // Assess
    expect(verdict).toEqual({ held: false, note: null, bypass: false });
    expect(await records.runs.getRun(run.runId)).toBeNull();
    expect(await guard.heldRun(run.runId)).toBeNull();
  });

  it('holds the termination past the limit: its run waits for an admin and saying why, in a batch it opened', async () => {
    // Prepare
    const { records, guard, deps } = prepare();
    await admitFirst(2, deps);
    const { event, run } = termination(3);
    // Act
    const verdict = await guardTermination(event, run, deps);
    // Assess
    expect(verdict).toMatchObject({ held: true, opened: true, batchId: 'batch-1' });
    expect(verdict.held && verdict.reason).toMatch(/termination 3 within 60 min is past .* limit of 2/);
    expect(await records.runs.getRun(run.runId)).toMatchObject({
      kind: 'offboarding',
      status: 'waiting-approval',
      eventId: 'evt-term-3',
      summary: expect.stringMatching(/Nothing is done until an admin releases it/),
    });
    expect(await guard.heldRun(run.runId)).toMatchObject({
      batchId: 'batch-1',
      decision: 'pending',
      email: 'leaver3@example.com',
      department: 'Sales',
      managerEmail: 'boss@example.com',
      heldAt: NOW,
    });
    expect(await guard.getBatch('batch-1')).toMatchObject({ status: 'open', windowMinutes: 60, limit: 2 });
    // The person's record is not claimed: the offboarding has not begun.
    expect(await records.people.getProfile('E3')).toBeNull();
  });

  it('puts the next termination past the limit in the same batch, without opening another', async () => {
    // Prepare
    const { deps } = prepare();
    await admitFirst(3, deps);
    const { event, run } = termination(4);
    // Act
    const verdict = await guardTermination(event, run, deps);
    // Assess
    expect(verdict).toMatchObject({ held: true, opened: false, batchId: 'batch-1' });
  });

  it('answers a held run asked again from its batch, without counting it a second time', async () => {
    // Prepare
    const { guard, deps } = prepare();
    await admitFirst(3, deps);
    const { event, run } = termination(3);
    // Act
    const again = await guardTermination(event, run, deps);
    // Assess
    expect(again).toMatchObject({ held: true, opened: false, batchId: 'batch-1' });
    expect(await guard.hourlyCounts('terminations', '2026-12-01T00:00:00.000Z')).toEqual([3]);
  });

  it('admits a held run once an admin released it, naming who and timing the cuts from now', async () => {
    // Prepare
    const { guard, deps } = prepare();
    await admitFirst(3, deps);
    await guard.decide('offboarding:evt-term-3', 'released', 'it@example.com', '2026-12-01T10:00:00.000Z');
    const { event, run } = termination(3);
    // Act
    const verdict = await guardTermination(event, run, deps);
    // Assess
    expect(verdict).toEqual({
      held: false,
      note: 'Released from quarantine by it@example.com at 2026-12-01T10:00:00.000Z; the cuts are timed from now',
      bypass: false,
    });
  });

  it('lets an urgent termination past the limit bypass the guard up to the urgent limit, and says so', async () => {
    // Prepare
    const { records, deps } = prepare();
    await admitFirst(2, deps);
    const { event, run } = termination(3, { urgent: true });
    // Act
    const verdict = await guardTermination(event, run, deps);
    // Assess
    expect(verdict).toMatchObject({
      held: false,
      bypass: true,
      note: expect.stringMatching(/^Urgent: bypassed/),
    });
    expect(await records.runs.getRun(run.runId)).toBeNull();
  });

  it('holds an urgent termination past the urgent limit too', async () => {
    // Prepare
    const { deps } = prepare();
    await admitFirst(3, deps);
    const { event, run } = termination(4, { urgent: true });
    // Act
    const verdict = await guardTermination(event, run, deps);
    // Assess
    expect(verdict.held).toBe(true);
    expect(verdict.held && verdict.reason).toMatch(/and past the urgent limit of 3/);
  });

  it('takes the share of the licensed members from the latest seat reading of the last week', async () => {
    // Prepare: 5 % of 220 licensed members is 11; the count limit is 50.
    const settings: MassChangeGuardSettings = {
      ...GUARD,
      terminations: { maxCount: 50, windowMinutes: 60, maxShare: 0.05, urgentMaxCount: 200 },
    };
    const { records, deps } = prepare(settings);
    await records.seatReadings.recordSeatReading({ day: '2026-11-20', used: 10_000, total: null });
    await records.seatReadings.recordSeatReading({ day: '2026-11-30', used: 220, total: 300 });
    await admitFirst(11, deps);
    const { event, run } = termination(12);
    // Act
    const verdict = await guardTermination(event, run, deps);
    // Assess
    expect(verdict.held && verdict.reason).toMatch(/termination 12 within 60 min is past .* limit of 11/);
  });

  it('ignores a seat reading older than a week: only the count applies', async () => {
    // Prepare
    const settings: MassChangeGuardSettings = {
      ...GUARD,
      terminations: { maxCount: 50, windowMinutes: 60, maxShare: 0.05, urgentMaxCount: 200 },
    };
    const { records, deps } = prepare(settings);
    await records.seatReadings.recordSeatReading({ day: '2026-11-20', used: 220, total: 300 });
    await admitFirst(11, deps);
    const { event, run } = termination(12);
    // Act
    const verdict = await guardTermination(event, run, deps);
    // Assess
    expect(verdict.held).toBe(false);
  });

  it('counts only the terminations within the window', async () => {
    // Prepare
    const { clock, deps } = prepare();
    clock.at = '2026-12-01T07:00:00.000Z';
    await admitFirst(2, deps);
    clock.at = NOW; // two hours later: the first two are out of the 60-minute window
    const { event, run } = termination(3);
    // Act
    const verdict = await guardTermination(event, run, deps);
    // Assess
    expect(verdict.held).toBe(false);
  });

  it.each([
    ['the guard is off', { mode: 'off' } as const, {}],
    ['a dry run', GUARD, { dryRun: true }],
  ])('never reads or writes the guard store when %s', async (_case, settings, overrides) => {
    // Prepare
    const untouchable = new Proxy({} as GuardStore, {
      get: (_target, property) => {
        throw new Error(`the guard store was used (${String(property)})`);
      },
    });
    const { deps } = prepare(settings, untouchable);
    const { event, run } = termination(1, overrides);
    // Act
    const verdict = await guardTermination(event, run, deps);
    // Assess
    expect(verdict).toEqual({ held: false, note: null, bypass: false });
  });
});
