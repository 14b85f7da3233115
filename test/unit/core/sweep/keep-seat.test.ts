/**
 * keepSeat: an idle member's "keep my seat" answer to an ask-first sweep, honoured once, until its
 * deadline, only for the link that was mailed. Records in memory.
 */
import { describe, expect, it } from 'vitest';
import { systemRandomness } from '../../../../functions/adapters/system/system-randomness.ts';
import { KeepLinkExpiredError, KeepLinkInvalidError } from '../../../../functions/core/errors.ts';
import { sweepRunId } from '../../../../functions/core/lifecycle/run-ids.ts';
import { newKeepToken } from '../../../../functions/core/sweep/keep-link.ts';
import { keepSeat } from '../../../../functions/core/sweep/keep-seat.ts';
import type { SweepMember } from '../../../../functions/ports/records/sweeps.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { fixedClock, NOW } from '../../../support/run-builders.ts';

const SWEEP = 'sweep-2026-12-01';
const MEMBER = 'm1';

async function prepare(state: SweepMember['state'] = 'candidate') {
  const records = inMemoryRecords();
  const clock = fixedClock();
  const { token, secretHash } = newKeepToken(SWEEP, MEMBER, systemRandomness);
  await records.sweeps.addSweepMembers(SWEEP, [
    {
      memberId: MEMBER,
      email: 'idle@example.com',
      fullName: 'Idle Person',
      lastActiveAt: null,
      state,
      reason: 'idle',
    },
  ]);
  await records.sweeps.recordKeepAsk(SWEEP, {
    memberId: MEMBER,
    email: 'idle@example.com',
    tokenHash: secretHash,
    answerBy: '2026-12-08T09:00:00.000Z',
    sentAt: NOW,
    answeredAt: null,
  });
  return { records, clock, token, deps: { ...records, clock } };
}

describe('keepSeat', () => {
  it('keeps the seat of the member the link was mailed to, recording the answer and auditing them as the actor', async () => {
    // Prepare
    const { records, token, deps } = await prepare();
    // Act
    const answer = await keepSeat(token, deps);
    // Assess
    expect(answer).toEqual({ status: 'kept', email: 'idle@example.com' });
    expect((await records.sweeps.getSweepMembers(SWEEP, [MEMBER])).get(MEMBER)?.state).toBe('kept');
    expect((await records.sweeps.getKeepAsk(SWEEP, MEMBER))?.answeredAt).toBe(NOW);
    const audit = await records.audit.runAudit(sweepRunId(SWEEP));
    expect(audit.map(({ entry }) => [entry.actor, entry.action, entry.result])).toEqual([
      ['idle@example.com', 'keep-seat', 'begun'],
      ['idle@example.com', 'keep-seat', 'succeeded'],
    ]);
  });

  it('answers a second press as already kept, writing nothing more', async () => {
    // Prepare
    const { records, token, deps } = await prepare();
    await keepSeat(token, deps);
    // Act
    const again = await keepSeat(token, deps);
    // Assess
    expect(again.status).toBe('already-kept');
    expect(await records.audit.runAudit(sweepRunId(SWEEP))).toHaveLength(2);
  });

  it('rejects a link whose secret is not the one mailed', async () => {
    // Prepare
    const { records, deps } = await prepare();
    const forged = newKeepToken(SWEEP, MEMBER, systemRandomness).token;
    // Act
    const answer = keepSeat(forged, deps);
    // Assess
    await expect(answer).rejects.toBeInstanceOf(KeepLinkInvalidError);
    expect((await records.sweeps.getSweepMembers(SWEEP, [MEMBER])).get(MEMBER)?.state).toBe('candidate');
  });

  it('rejects an answer after the deadline', async () => {
    // Prepare
    const { token, clock, deps } = await prepare();
    clock.at = '2026-12-08T09:00:01.000Z';
    // Act
    const answer = keepSeat(token, deps);
    // Assess
    await expect(answer).rejects.toBeInstanceOf(KeepLinkExpiredError);
  });

  it('rejects an answer once the seat was reclaimed, saying so', async () => {
    // Prepare
    const { token, deps } = await prepare('reclaimed');
    // Act
    const answer = keepSeat(token, deps);
    // Assess
    await expect(answer).rejects.toThrow(/your seat is reclaimed/);
  });
});
