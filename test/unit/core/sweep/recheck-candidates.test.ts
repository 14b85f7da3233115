/**
 * recheckCandidates: the candidates the re-listing did not show, each looked up by email and
 * reclaimed, skipped with the reason, or (a revoke of this sweep cut off before its outcome)
 * recorded as reclaimed without a second write. Records and Trello in memory.
 */
import { describe, expect, it } from 'vitest';
import { RECHECK_BATCH, recheckCandidates } from '../../../../functions/core/sweep/recheck-candidates.ts';
import { aMember } from '../../../support/builders.ts';
import { auditOf } from '../../../support/run-builders.ts';
import { aSweep, SWEEP } from '../../../support/sweep-unit-kit.ts';

describe('recheckCandidates', () => {
  it('reclaims a candidate still idle with a seat, found by email, under audit', async () => {
    // Prepare
    const { records, trello, deps, listed, rowOf } = await aSweep();
    await listed(1);
    // Act
    const result = await recheckCandidates(SWEEP, deps);
    // Assess
    expect(result).toEqual({ done: true, reclaimed: 1 });
    expect(trello.writes).toEqual(['unlicense m1']);
    expect((await rowOf(1))?.state).toBe('reclaimed');
    expect(await auditOf(records, SWEEP.runId)).toEqual([
      ['reclaim-seat', 'begun'],
      ['reclaim-seat', 'succeeded'],
    ]);
  });

  it.each([
    [
      'active again since the listing',
      (m: { lastActiveAt: string | null }) => Object.assign(m, { lastActiveAt: '2026-11-30T09:00:00.000Z' }),
      /^active again since the listing \(last active 2026-11-30/,
    ],
    [
      'without a seat any more',
      (m: { licensed: boolean }) => Object.assign(m, { licensed: false }),
      /^no longer holds a seat \(changed since the listing\)$/,
    ],
    [
      'deactivated meanwhile',
      (m: { deactivated: boolean }) => Object.assign(m, { deactivated: true }),
      /^no longer holds a seat/,
    ],
  ])('skips a candidate %s, saying why, with no write', async (_case, change, reason) => {
    // Prepare
    const { records, trello, deps, listed, rowOf } = await aSweep();
    await listed(1);
    change(trello.members.get('m1') as never);
    // Act
    const result = await recheckCandidates(SWEEP, deps);
    // Assess
    expect(result).toEqual({ done: true, reclaimed: 0 });
    expect(await rowOf(1)).toMatchObject({ state: 'skipped', reason: expect.stringMatching(reason) });
    expect(trello.writes).toEqual([]);
    expect(await records.audit.runAudit(SWEEP.runId)).toEqual([]);
  });

  it('skips a candidate whose email now belongs to another account', async () => {
    // Prepare
    const { trello, deps, listed, rowOf } = await aSweep();
    await listed(1);
    trello.members.delete('m1');
    trello.add(
      aMember({ memberId: 'm-new', email: 'idle1@example.com', licensed: true, lastActiveAt: null }),
    );
    // Act
    await recheckCandidates(SWEEP, deps);
    // Assess
    expect((await rowOf(1))?.state).toBe('skipped');
    expect(trello.writes).toEqual([]);
  });

  it('skips a candidate without a visible email, who cannot be looked up', async () => {
    // Prepare
    const { trello, deps, listed, rowOf } = await aSweep();
    await listed(1, 'candidate', null);
    // Act
    await recheckCandidates(SWEEP, deps);
    // Assess
    expect(await rowOf(1)).toMatchObject({
      state: 'skipped',
      reason: 'not on the re-listing, and without a visible email to look them up',
    });
    expect(trello.writes).toEqual([]);
  });

  it('records a revoke cut off before its outcome as reclaimed, appending the outcome to its begun entry', async () => {
    // Prepare
    const { records, trello, deps, listed, rowOf, begunReclaim } = await aSweep();
    await listed(1);
    const { entry: begun } = await begunReclaim(1);
    await trello.setLicensed('m1', false);
    trello.writes.length = 0;
    // Act
    const result = await recheckCandidates(SWEEP, deps);
    // Assess
    expect(result).toEqual({ done: true, reclaimed: 1 });
    expect(trello.writes).toEqual([]);
    expect(await rowOf(1)).toMatchObject({
      state: 'reclaimed',
      reason: expect.stringMatching(/interrupted batch/),
    });
    const entries = (await records.audit.runAudit(SWEEP.runId)).map(({ entry }) => entry);
    expect(entries).toEqual([
      expect.objectContaining({ id: begun.id, result: 'begun' }),
      expect.objectContaining({
        result: 'succeeded',
        begunId: begun.id,
        detail: expect.stringMatching(/confirmed on re-check\)$/),
      }),
    ]);
  });

  it('does not count a seat lost after a revoke that failed as this sweep reclaiming it', async () => {
    // Prepare
    const { records, trello, deps, listed, rowOf, begunReclaim } = await aSweep();
    await listed(1);
    const { ref } = await begunReclaim(1);
    await records.audit.completeAudit(ref, 'failed', 'Trello refused');
    (trello.members.get('m1') as { licensed: boolean }).licensed = false;
    // Act
    const result = await recheckCandidates(SWEEP, deps);
    // Assess
    expect(result.reclaimed).toBe(0);
    expect((await rowOf(1))?.state).toBe('skipped');
  });

  it('works through the candidates a batch at a time, saying when it is done', async () => {
    // Prepare: nobody is in Trello any more, so every candidate is skipped.
    const { trello, deps, listed } = await aSweep();
    for (let n = 1; n <= RECHECK_BATCH + 1; n++) await listed(n);
    trello.members.clear();
    // Act
    const first = await recheckCandidates(SWEEP, deps);
    const second = await recheckCandidates(SWEEP, deps);
    // Assess
    expect(first).toEqual({ done: false, reclaimed: 0 });
    expect(second).toEqual({ done: true, reclaimed: 0 });
  });
});
