/**
 * reclaimSeats: the re-listing is the re-check; each candidate on it still idle with a seat is
 * reclaimed with one write whose answer is the read-back, audited once, its outcome recorded even
 * when the batch then fails. Records and Trello in memory (test/support/sweep-unit-kit.ts).
 */
import { describe, expect, it } from 'vitest';
import { TrelloRateLimitedError, TrelloRequestRejectedError } from '../../../../functions/core/errors.ts';
import { recheckCandidates } from '../../../../functions/core/sweep/recheck-candidates.ts';
import { RECLAIM_BUDGET_MS, reclaimSeats } from '../../../../functions/core/sweep/reclaim-seats.ts';
import type { InMemoryTrello } from '../../../support/fakes/in-memory-trello.ts';
import { auditOf } from '../../../support/run-builders.ts';
import { aSweep, SWEEP } from '../../../support/sweep-unit-kit.ts';

/** Trello's answer to a license write without `idEnterprisesDeactivated` (the write still lands). */
function answersWithoutTheFlag(trello: InMemoryTrello) {
  const write = trello.setLicensed.bind(trello);
  trello.setLicensed = async (memberId, licensed) => {
    await write(memberId, licensed);
    return { deactivated: null };
  };
}

describe('reclaimSeats', () => {
  it('revokes each candidate still idle on the re-listing with one write, audited as the requester, and records it reclaimed', async () => {
    // Prepare
    const { records, trello, deps, listed, rowOf } = await aSweep();
    await listed(1);
    await listed(2);
    // Act
    const result = await reclaimSeats(SWEEP, null, deps);
    // Assess
    expect(result).toEqual({ cursor: null, done: true, reclaimed: 2 });
    expect(trello.writes).toEqual(['unlicense m1', 'unlicense m2']);
    expect(await rowOf(1)).toMatchObject({
      state: 'reclaimed',
      reason: expect.stringMatching(/^license revoked/),
    });
    expect(await rowOf(2)).toMatchObject({ state: 'reclaimed' });
    expect((await records.sweeps.getSweep(SWEEP.sweepId))?.status).toBe('reclaiming');
    const audit = await records.audit.runAudit(SWEEP.runId);
    expect(audit.map(({ entry }) => [entry.actor, entry.action, entry.target, entry.result])).toEqual([
      ['admin:it@example.com', 'reclaim-seat', 'member:m1', 'begun'],
      ['admin:it@example.com', 'reclaim-seat', 'member:m2', 'begun'],
      ['admin:it@example.com', 'reclaim-seat', 'member:m1', 'succeeded'],
      ['admin:it@example.com', 'reclaim-seat', 'member:m2', 'succeeded'],
    ]);
  });

  it('leaves members the approver dropped, the rules exempted, or who were active since the listing', async () => {
    // Prepare
    const { trello, deps, listed, rowOf } = await aSweep();
    await listed(1, 'dropped');
    await listed(2, 'exempt');
    await listed(3);
    (trello.members.get('m3') as { lastActiveAt: string }).lastActiveAt = '2026-11-30T09:00:00.000Z';
    // Act
    const result = await reclaimSeats(SWEEP, null, deps);
    // Assess
    expect(result.reclaimed).toBe(0);
    expect(trello.writes).toEqual([]);
    expect((await rowOf(1))?.state).toBe('dropped');
    expect((await rowOf(2))?.state).toBe('exempt');
    // Not on the re-listing: left to Re-check Candidates.
    expect((await rowOf(3))?.state).toBe('candidate');
  });

  it('records a candidate Trello refuses as failed and goes on with the others', async () => {
    // Prepare
    const { records, trello, deps, listed, rowOf } = await aSweep();
    await listed(1);
    trello.refuse = new TrelloRequestRejectedError('member is an Enterprise admin');
    // Act
    const result = await reclaimSeats(SWEEP, null, deps);
    // Assess
    expect(result).toMatchObject({ done: true, reclaimed: 0 });
    expect(await rowOf(1)).toMatchObject({
      state: 'failed',
      reason: 'Trello refused: member is an Enterprise admin',
    });
    expect(await auditOf(records, SWEEP.runId)).toEqual([
      ['reclaim-seat', 'begun'],
      ['reclaim-seat', 'failed'],
    ]);
  });

  it('fails the step on an unexpected error, its audit outcome written and the member left a candidate for the retry', async () => {
    // Prepare
    const { records, trello, deps, listed, rowOf } = await aSweep();
    await listed(1);
    trello.refuse = new TrelloRateLimitedError('429 for longer than the retries', 'API_KEY_LIMIT_EXCEEDED');
    // Act
    const reclaim = reclaimSeats(SWEEP, null, deps);
    // Assess
    await expect(reclaim).rejects.toBeInstanceOf(TrelloRateLimitedError);
    expect((await rowOf(1))?.state).toBe('candidate');
    expect(await auditOf(records, SWEEP.runId)).toEqual([
      ['reclaim-seat', 'begun'],
      ['reclaim-seat', 'failed'],
    ]);
  });

  it('records a revoke that Trello accepted but whose read-back still shows a seat as failed, not reclaimed', async () => {
    // Prepare
    const { records, trello, deps, listed, rowOf } = await aSweep();
    await listed(1);
    trello.ignoreWrites = true;
    // Act
    const result = await reclaimSeats(SWEEP, null, deps);
    // Assess
    expect(result.reclaimed).toBe(0);
    expect(await rowOf(1)).toMatchObject({
      state: 'failed',
      reason: 'Trello still shows a seat after the revoke',
    });
    expect(await auditOf(records, SWEEP.runId)).toEqual([
      ['reclaim-seat', 'begun'],
      ['reclaim-seat', 'failed'],
    ]);
  });

  it('reads back by email when Trello answers without the deactivated flag', async () => {
    // Prepare
    const { trello, deps, listed, rowOf } = await aSweep();
    await listed(1);
    answersWithoutTheFlag(trello);
    // Act
    const result = await reclaimSeats(SWEEP, null, deps);
    // Assess
    expect(result.reclaimed).toBe(1);
    expect((await rowOf(1))?.state).toBe('reclaimed');
  });

  it('claims no reclaim it cannot read back: a member without a visible email is recorded failed, for an admin to check', async () => {
    // Prepare
    const { trello, deps, listed, rowOf } = await aSweep();
    await listed(1, 'candidate', null);
    answersWithoutTheFlag(trello);
    // Act
    const result = await reclaimSeats(SWEEP, null, deps);
    // Assess
    expect(result.reclaimed).toBe(0);
    expect(await rowOf(1)).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(/check them in the Enterprise dashboard$/),
    });
  });

  it('writes nothing when a page cannot be fetched', async () => {
    // Prepare
    const { trello, deps, listed } = await aSweep();
    await listed(1);
    trello.failQuery = new TrelloRateLimitedError('429', 'API_KEY_LIMIT_EXCEEDED');
    // Act
    const reclaim = reclaimSeats(SWEEP, null, deps);
    // Assess
    await expect(reclaim).rejects.toBeInstanceOf(TrelloRateLimitedError);
    expect(trello.writes).toEqual([]);
  });

  it('hands back the cursor once its time budget is spent; a cursor that moved past a candidate leaves them to the re-check', async () => {
    // Prepare
    const { trello, clock, deps, listed, rowOf } = await aSweep();
    await listed(1);
    await listed(2);
    trello.pageSize = 1;
    const later = Date.parse(clock.at) + RECLAIM_BUDGET_MS;
    const tick = clock.now.bind(clock);
    clock.now = () => {
      const now = tick();
      clock.at = new Date(Math.max(now.getTime(), later)).toISOString();
      return now;
    };
    // Act
    const first = await reclaimSeats(SWEEP, null, deps);
    const second = await reclaimSeats(SWEEP, first.cursor, deps);
    const recheck = await recheckCandidates(SWEEP, deps);
    // Assess
    expect(first).toEqual({ cursor: '1', done: false, reclaimed: 1 });
    // m1 left the listing, so position 1 is past m2.
    expect(second).toEqual({ cursor: null, done: true, reclaimed: 0 });
    expect(recheck).toEqual({ done: true, reclaimed: 1 });
    expect((await rowOf(2))?.state).toBe('reclaimed');
    expect(trello.writes).toEqual(['unlicense m1', 'unlicense m2']);
  });
});
