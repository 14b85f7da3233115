/**
 * A leave of absence, through Apply Profile Event, under each leave policy: `keep` (the record
 * only), `suspend-sign-in` (the IdP sign-in cut and restored) and `free-seat` (the Trello seat
 * freed and granted again), each change audited in a run keyed on the event; a failure leaves the
 * record as it was. Records, Trello and the IdP in memory (test/support/profile-event-kit.ts).
 */
import { describe, expect, it } from 'vitest';
import { ErrorNames, LeaveNotPossibleError } from '../../../../functions/core/errors.ts';
import { leaveRunId } from '../../../../functions/core/lifecycle/apply-leave.ts';
import { applyProfileEvent } from '../../../../functions/core/lifecycle/apply-profile-event.ts';
import { aLeave, aProvisionedPerson, MEMBER_ID } from '../../../support/profile-event-kit.ts';
import { auditOf } from '../../../support/run-builders.ts';

const LEAVE = aLeave('employee.leave_started');
const BACK = aLeave('employee.leave_ended');
const ON_LEAVE = {
  onLeave: true,
  lastLeaveEvent: {
    id: 'evt-leave',
    type: LEAVE.type,
    effectiveAt: LEAVE.effectiveAt,
    occurredAt: LEAVE.occurredAt,
  },
};

describe('leave policy keep', () => {
  it('marks them on leave and changes nothing in Trello or the IdP', async () => {
    // Prepare
    const { records, trello, idp, deps } = await aProvisionedPerson({ leavePolicy: 'keep' });
    // Act
    const result = await applyProfileEvent(LEAVE, deps);
    // Assess
    expect(result).toEqual({ applied: true, reason: 'Applied employee.leave_started' });
    expect((await records.people.getProfile('E1001'))?.onLeave).toBe(true);
    expect(trello.writes).toEqual([]);
    expect(idp.deactivations).toEqual([]);
    expect(await records.runs.getRun(leaveRunId('evt-leave'))).toBeNull();
  });
});

describe('leave policy suspend-sign-in', () => {
  it('suspends the IdP sign-in when the leave starts, audited; the Trello seat stays', async () => {
    // Prepare
    const { records, trello, idp, deps } = await aProvisionedPerson({ leavePolicy: 'suspend-sign-in' });
    // Act
    const result = await applyProfileEvent(LEAVE, deps);
    // Assess
    const runId = leaveRunId('evt-leave');
    expect(result).toEqual({ applied: true, reason: `Applied employee.leave_started; run ${runId}` });
    expect(idp.deactivations).toEqual([{ userId: '00u1', scope: 'sign-in' }]);
    expect(idp.users.get('00u1')?.active).toBe(false);
    expect(trello.writes).toEqual([]);
    expect(await auditOf(records, runId)).toEqual([
      ['suspend-sign-in-for-leave', 'begun'],
      ['suspend-sign-in-for-leave', 'succeeded'],
    ]);
    expect(await records.runs.getRun(runId)).toMatchObject({
      kind: 'leave',
      status: 'succeeded',
      outcome: 'applied',
      summary: 'Leave started (suspend-sign-in): okta sign-in suspended; the Trello seat stays',
    });
    expect((await records.people.getProfile('E1001'))?.onLeave).toBe(true);
  });

  it('restores the sign-in when the leave ends', async () => {
    // Prepare
    const { records, idp, deps } = await aProvisionedPerson({
      leavePolicy: 'suspend-sign-in',
      profile: ON_LEAVE,
    });
    idp.addUser({ id: '00u1', email: 'ana.lima@example.com', active: false, status: 'SUSPENDED' });
    // Act
    await applyProfileEvent(BACK, deps);
    // Assess
    expect(idp.users.get('00u1')?.active).toBe(true);
    expect(await auditOf(records, leaveRunId('evt-back'))).toEqual([
      ['restore-sign-in-after-leave', 'begun'],
      ['restore-sign-in-after-leave', 'succeeded'],
    ]);
    expect((await records.people.getProfile('E1001'))?.onLeave).toBe(false);
  });

  it('says so when the sign-in already was suspended', async () => {
    // Prepare
    const { records, idp, deps } = await aProvisionedPerson({ leavePolicy: 'suspend-sign-in' });
    idp.addUser({ id: '00u1', email: 'ana.lima@example.com', active: false, status: 'SUSPENDED' });
    // Act
    await applyProfileEvent(LEAVE, deps);
    // Assess
    expect((await records.runs.getRun(leaveRunId('evt-leave')))?.summary).toMatch(
      /suspended \(it already was\)/,
    );
  });

  it.each([
    ['no identity provider is configured', null, /No identity provider is configured/],
    ['the IdP has no such user', 'no-user', /okta has no user ana.lima@example.com/],
  ] as const)(
    'fails the run with LeaveNotPossible when %s, leaving the record as it was',
    async (_case, idpCase, why) => {
      // Prepare
      const setup = await aProvisionedPerson({
        leavePolicy: 'suspend-sign-in',
        ...(idpCase === null ? { idp: null } : {}),
      });
      if (idpCase === 'no-user') setup.idp.users.clear();
      const { records, notifier, deps } = setup;
      // Act
      const result = await applyProfileEvent(LEAVE, deps);
      // Assess
      const runId = leaveRunId('evt-leave');
      expect(result).toEqual({
        applied: false,
        reason: `Not applied: run ${runId} failed; the record is as it was`,
      });
      expect(await records.runs.getRun(runId)).toMatchObject({
        status: 'failed',
        outcome: `failed:${LeaveNotPossibleError.name}`,
        summary: expect.stringMatching(why),
      });
      expect(notifier.sent).toEqual([
        expect.objectContaining({
          kind: 'run-failed',
          title: 'Leave started for Ana Lima (ana.lima@example.com): suspend-sign-in not applied',
        }),
      ]);
      expect(await records.people.getProfile('E1001')).toMatchObject({ onLeave: false, version: 1 });
    },
  );

  it('leaves the record as it was when the failed leave is run again (Lambda retrying after the notification failed)', async () => {
    // Prepare
    const { records, idp, notifier, deps } = await aProvisionedPerson({ leavePolicy: 'suspend-sign-in' });
    idp.failNextDeactivate = new Error('Okta is down');
    notifier.notify = async () => {
      throw new Error('SNS is unavailable');
    };
    await expect(applyProfileEvent(LEAVE, deps)).rejects.toThrow('SNS is unavailable');
    // Act
    const retried = await applyProfileEvent(LEAVE, deps);
    // Assess
    expect(retried.applied).toBe(false);
    expect(idp.users.get('00u1')?.active).toBe(true);
    expect((await records.people.getProfile('E1001'))?.onLeave).toBe(false);
  });
});

describe('leave policy free-seat', () => {
  it('deactivates them in Trello when the leave starts, freeing the seat', async () => {
    // Prepare
    const { records, trello, idp, deps } = await aProvisionedPerson({ leavePolicy: 'free-seat' });
    // Act
    await applyProfileEvent(LEAVE, deps);
    // Assess
    expect(trello.writes).toEqual([`deactivate ${MEMBER_ID}`]);
    expect((await trello.seats()).used).toBe(0);
    expect(idp.deactivations).toEqual([]);
    expect(await auditOf(records, leaveRunId('evt-leave'))).toEqual([
      ['deactivate-for-leave', 'begun'],
      ['deactivate-for-leave', 'succeeded'],
    ]);
  });

  it('reactivates them and grants a seat again when the leave ends', async () => {
    // Prepare
    const { records, trello, deps } = await aProvisionedPerson({
      leavePolicy: 'free-seat',
      profile: ON_LEAVE,
    });
    Object.assign(trello.members.get(MEMBER_ID) as object, { licensed: false, deactivated: true });
    // Act
    await applyProfileEvent(BACK, deps);
    // Assess
    expect(trello.members.get(MEMBER_ID)).toMatchObject({ licensed: true, deactivated: false });
    expect(await auditOf(records, leaveRunId('evt-back'))).toEqual([
      ['reactivate-after-leave', 'begun'],
      ['reactivate-after-leave', 'succeeded'],
      ['grant-seat-after-leave', 'begun'],
      ['grant-seat-after-leave', 'succeeded'],
    ]);
    expect((await records.people.getProfile('E1001'))?.onLeave).toBe(false);
  });

  it('fails with SeatsExhausted when no seat is left at their return; they stay on leave by the record', async () => {
    // Prepare
    const { records, trello, deps } = await aProvisionedPerson({
      leavePolicy: 'free-seat',
      profile: ON_LEAVE,
    });
    Object.assign(trello.members.get(MEMBER_ID) as object, { licensed: false, deactivated: true });
    trello.maxSeats = 0;
    // Act
    const result = await applyProfileEvent(BACK, deps);
    // Assess
    expect(result.applied).toBe(false);
    expect(await records.runs.getRun(leaveRunId('evt-back'))).toMatchObject({
      status: 'failed',
      outcome: `failed:${ErrorNames.SeatsExhausted}`,
    });
    expect((await records.people.getProfile('E1001'))?.onLeave).toBe(true);
  });

  it('fails with LeaveNotPossible when the record holds no Trello member id', async () => {
    // Prepare
    const { records, trello, deps } = await aProvisionedPerson({
      leavePolicy: 'free-seat',
      profile: { trelloMemberId: null },
    });
    // Act
    await applyProfileEvent(LEAVE, deps);
    // Assess
    expect((await records.runs.getRun(leaveRunId('evt-leave')))?.outcome).toBe(
      `failed:${LeaveNotPossibleError.name}`,
    );
    expect(trello.writes).toEqual([]);
  });

  it('records the plan of a dry run and changes neither Trello nor the record', async () => {
    // Prepare
    const { records, trello, deps } = await aProvisionedPerson({ leavePolicy: 'free-seat' });
    // Act
    const result = await applyProfileEvent({ ...LEAVE, dryRun: true }, deps);
    // Assess
    expect(result.applied).toBe(false);
    expect(trello.writes).toEqual([]);
    expect(await records.runs.getRun(leaveRunId('evt-leave'))).toMatchObject({
      outcome: 'dry-run',
      summary: `Leave started (free-seat): Would deactivate Trello member ${MEMBER_ID}, freeing the seat`,
    });
    expect((await records.people.getProfile('E1001'))?.onLeave).toBe(false);
  });
});

describe('a leave for someone not active, or already on leave', () => {
  it.each([
    [
      'already on leave by the record (HR sent it twice under two ids)',
      ON_LEAVE,
      { ...LEAVE, id: 'evt-leave-again' },
    ],
    ['offboarded before the leave ended', { lifecycle: 'offboarded' as const, ...ON_LEAVE }, BACK],
    ['not provisioned yet', { lifecycle: 'onboarding' as const }, LEAVE],
  ])('changes nothing outside the record when %s', async (_case, profile, event) => {
    // Prepare
    const { records, trello, deps } = await aProvisionedPerson({ leavePolicy: 'free-seat', profile });
    // Act
    const result = await applyProfileEvent(event, deps);
    // Assess
    expect(result).toEqual({ applied: true, reason: `Applied ${event.type}` });
    expect(trello.writes).toEqual([]);
    expect(await records.runs.getRun(leaveRunId(event.id))).toBeNull();
  });
});
