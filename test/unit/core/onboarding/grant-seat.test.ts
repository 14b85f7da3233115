/**
 * grantSeat (and reactivateMember, the same set-to-value change): audited once, recorded, repeated
 * harmlessly by a re-run; no seat left is SeatsExhausted for the workflow to ask an admin.
 * Records and Trello's members in memory.
 */
import { describe, expect, it } from 'vitest';
import {
  RunSupersededError,
  SeatsExhaustedError,
  StepInputInvalidError,
} from '../../../../functions/core/errors.ts';
import { grantSeat } from '../../../../functions/core/onboarding/grant-seat.ts';
import { reactivateMember } from '../../../../functions/core/onboarding/reactivate-member.ts';
import { aMember, aProfile } from '../../../support/builders.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { InMemoryTrelloMembers } from '../../../support/fakes/in-memory-trello-members.ts';
import { aRunContext, aRunRecordOf, auditOf, fixedClock, NOW } from '../../../support/run-builders.ts';

const HIRE = aRunContext();
const MEMBER_ID = aMember().memberId;

async function prepare(run = HIRE) {
  const records = inMemoryRecords(() => new Date(NOW));
  await records.people.putProfile(aProfile({ lifecycle: 'onboarding', currentRunId: run.runId }), null);
  await records.runs.createRun(aRunRecordOf(run, 'onboarding', 'evt-hire'));
  const trello = new InMemoryTrelloMembers();
  trello.add(aMember());
  return { records, trello, deps: { ...records, trello, clock: fixedClock() } };
}

describe('grantSeat', () => {
  it('licenses the member once under audit and records the step; a re-run writes the same value and no second entry', async () => {
    // Prepare
    const { records, trello, deps } = await prepare();
    // Act
    await grantSeat(HIRE, MEMBER_ID, deps);
    await grantSeat(HIRE, MEMBER_ID, deps);
    // Assess
    expect(trello.members.get(MEMBER_ID)?.licensed).toBe(true);
    expect(await auditOf(records, HIRE.runId)).toEqual([
      ['grant-seat', 'begun'],
      ['grant-seat', 'succeeded'],
    ]);
    expect((await records.runs.getRun(HIRE.runId))?.steps).toEqual([
      expect.objectContaining({ step: 'grant-seat', result: 'done' }),
    ]);
  });

  it('fails with SeatsExhausted when no seat is left, auditing the failed attempt', async () => {
    // Prepare
    const { records, trello, deps } = await prepare();
    trello.maxSeats = 1;
    trello.add(aMember({ memberId: 'someone-else', email: 'bo@example.com', licensed: true }));
    // Act
    const grant = grantSeat(HIRE, MEMBER_ID, deps);
    // Assess
    await expect(grant).rejects.toBeInstanceOf(SeatsExhaustedError);
    expect(trello.members.get(MEMBER_ID)?.licensed).toBe(false);
    expect(await auditOf(records, HIRE.runId)).toEqual([
      ['grant-seat', 'begun'],
      ['grant-seat', 'failed'],
    ]);
  });

  it('plans a dry run without writing', async () => {
    // Prepare
    const run = { ...HIRE, dryRun: true };
    const { records, trello, deps } = await prepare(run);
    // Act
    await grantSeat(run, MEMBER_ID, deps);
    // Assess
    expect(trello.writes).toEqual([]);
    expect((await records.runs.getRun(HIRE.runId))?.steps[0]).toMatchObject({ result: 'planned' });
  });

  it('rejects a grant without the member id the decision step found', async () => {
    // Prepare
    const { deps } = await prepare();
    // Act
    const grant = grantSeat(HIRE, null, deps);
    // Assess
    await expect(grant).rejects.toBeInstanceOf(StepInputInvalidError);
  });

  it('stops without a write when a termination took the person over', async () => {
    // Prepare
    const { records, trello, deps } = await prepare();
    await records.people.putProfile(aProfile({ lifecycle: 'offboarding', currentRunId: 'run-evt-term' }), 1);
    // Act
    const grant = grantSeat(HIRE, MEMBER_ID, deps);
    // Assess
    await expect(grant).rejects.toBeInstanceOf(RunSupersededError);
    expect(trello.writes).toEqual([]);
  });
});

describe('reactivateMember', () => {
  it('reactivates a deactivated member under audit', async () => {
    // Prepare
    const { records, trello, deps } = await prepare();
    trello.add(aMember({ deactivated: true }));
    // Act
    await reactivateMember(HIRE, MEMBER_ID, deps);
    // Assess
    expect(trello.members.get(MEMBER_ID)?.deactivated).toBe(false);
    expect(await auditOf(records, HIRE.runId)).toEqual([
      ['reactivate-member', 'begun'],
      ['reactivate-member', 'succeeded'],
    ]);
  });
});
