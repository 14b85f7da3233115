/**
 * guardReclaims: the mass-change guard's check of a sweep's batch just before it reclaims. Within
 * the limit it goes on; past it the sweep waits for an approval, and the hold is audited once.
 * Records in memory.
 */
import { describe, expect, it } from 'vitest';
import type { MassChangeGuardSettings } from '../../../../functions/core/guard/mass-change-guard.ts';
import { guardReclaims } from '../../../../functions/core/sweep/guard-reclaims.ts';
import { aSweep, SWEEP } from '../../../support/sweep-unit-kit.ts';

/** Two reclaims per sweep, or 5 % of the seats the sweep began with, whichever is lower. */
const guard = (maxShare: number | null = null): MassChangeGuardSettings => ({
  mode: 'on',
  terminations: { maxCount: 50, windowMinutes: 60, maxShare: 0.05, urgentMaxCount: 200 },
  reclaims: { maxCount: 2, maxShare },
});

describe('guardReclaims', () => {
  it('lets a batch within the limit go on, counting only the candidates, with no audit entry', async () => {
    // Prepare
    const { records, deps, listed } = await aSweep(guard());
    await listed(1);
    await listed(2);
    await listed(3, 'exempt');
    await listed(4, 'dropped');
    // Act
    const verdict = await guardReclaims(SWEEP, deps);
    // Assess
    expect(verdict).toEqual({ held: false, candidates: 2 });
    expect(await records.audit.runAudit(SWEEP.runId)).toEqual([]);
  });

  it('holds a batch past the limit for an approval, audited as the guard; a retried step writes no second entry', async () => {
    // Prepare
    const { records, deps, listed } = await aSweep(guard());
    for (let n = 1; n <= 3; n++) await listed(n);
    // Act
    const verdict = await guardReclaims(SWEEP, deps);
    await guardReclaims(SWEEP, deps);
    // Assess
    expect(verdict).toEqual({ held: true, candidates: 3 });
    const audit = (await records.audit.runAudit(SWEEP.runId)).map(({ entry }) => entry);
    expect(audit.map((e) => [e.actor, e.action, e.target, e.result])).toEqual([
      ['lanyard:mass-change-guard', 'hold-sweep', `sweep:${SWEEP.sweepId}`, 'begun'],
      ['lanyard:mass-change-guard', 'hold-sweep', `sweep:${SWEEP.sweepId}`, 'succeeded'],
    ]);
    expect(audit[1]?.detail).toMatch(
      /^Held by the mass-change guard: 3 seat reclaim\(s\) in one sweep is past its limit of 2; the sweep waits for an admin/,
    );
  });

  it('takes the share of the seats in use when the sweep began', async () => {
    // Prepare: 5 % of 400 seats = 20, the count limit 100.
    const settings = guard(0.05);
    if (settings.mode === 'on') settings.reclaims.maxCount = 100;
    const { records, deps, listed } = await aSweep(settings);
    await records.sweeps.updateSweep(SWEEP.sweepId, { seatsBefore: 400 });
    for (let n = 1; n <= 21; n++) await listed(n);
    // Act
    const verdict = await guardReclaims(SWEEP, deps);
    // Assess
    expect(verdict).toEqual({ held: true, candidates: 21 });
  });

  it('holds nothing when the guard is off', async () => {
    // Prepare
    const { deps, listed } = await aSweep({ mode: 'off' });
    for (let n = 1; n <= 3; n++) await listed(n);
    // Act
    const verdict = await guardReclaims(SWEEP, deps);
    // Assess
    expect(verdict).toEqual({ held: false, candidates: 3 });
  });
});
