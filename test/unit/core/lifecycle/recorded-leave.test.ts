/**
 * A leave start applied to the record before the hire it follows was onboarded (the person was
 * not `active` yet, so the leave changed nothing outside the record): Finish Onboarding applies
 * its policy once it has provisioned them, as that leave's own run (`leave:<eventId>`), audited
 * once, done once however often the finish runs, and not at all when the leave ended meanwhile.
 * Records, Trello and the IdP in memory (test/support/onboarding-kit.ts).
 */
import { describe, expect, it } from 'vitest';
import { leaveRunId } from '../../../../functions/core/lifecycle/apply-leave.ts';
import { leaveApprovalExecutionName } from '../../../../functions/core/lifecycle/leave-approval.ts';
import type { LeavePolicy } from '../../../../functions/core/lifecycle/leave-policies.ts';
import { finishOnboarding } from '../../../../functions/core/onboarding/finish-onboarding.ts';
import { aMember, anIdpUser } from '../../../support/builders.ts';
import { RecordingWorkflowEngine } from '../../../support/fakes/recording-workflow-engine.ts';
import { anOnboarding, HIRE } from '../../../support/onboarding-kit.ts';
import { auditOf } from '../../../support/run-builders.ts';

const MEMBER_ID = aMember().memberId;
const LICENSED = { outcome: 'licensed' as const, memberId: MEMBER_ID, detail: 'holds a seat', gaps: [] };
const LEAVE_RUN = leaveRunId('evt-leave');

/** Ana's onboarding near its end, her record marked by a leave event applied meanwhile. */
async function anOnboardingWithRecordedLeave(
  leavePolicy: LeavePolicy,
  leave: 'employee.leave_started' | 'employee.leave_ended' = 'employee.leave_started',
) {
  const kit = await anOnboarding();
  const profile = await kit.records.people.getProfile(HIRE.person.id);
  if (profile === null) throw new Error('the kit records the hire');
  await kit.records.people.putProfile(
    {
      ...profile,
      onLeave: leave === 'employee.leave_started',
      lastLeaveEvent: {
        id: leave === 'employee.leave_started' ? 'evt-leave' : 'evt-back',
        type: leave,
        effectiveAt: '2026-12-05T09:00:00.000Z',
        occurredAt: '2026-11-30T09:00:00.000Z',
      },
    },
    profile.version,
  );
  kit.trello.add(aMember({ licensed: true }));
  kit.idp.addUser(anIdpUser());
  return { ...kit, deps: { ...kit.deps, leavePolicy } };
}

describe('finishOnboarding with a leave recorded meanwhile', () => {
  it('suspends the sign-in under suspend-sign-in, as the leave run, audited once', async () => {
    // Prepare
    const { records, idp, trello, deps } = await anOnboardingWithRecordedLeave('suspend-sign-in');
    // Act
    const end = await finishOnboarding(HIRE, LICENSED, deps);
    // Assess
    expect(end).toEqual({ status: 'succeeded', outcome: 'licensed', failed: false });
    expect(idp.users.get('00u1')?.active).toBe(false);
    expect(trello.writes).toEqual([]);
    expect(await auditOf(records, LEAVE_RUN)).toEqual([
      ['suspend-sign-in-for-leave', 'begun'],
      ['suspend-sign-in-for-leave', 'succeeded'],
    ]);
    expect(await records.runs.getRun(LEAVE_RUN)).toMatchObject({ kind: 'leave', status: 'succeeded' });
    expect(await records.people.getProfile(HIRE.person.id)).toMatchObject({
      lifecycle: 'active',
      onLeave: true,
      trelloMemberId: MEMBER_ID,
    });
  });

  it('deactivates them in Trello under free-seat, freeing the seat', async () => {
    // Prepare
    const { records, idp, trello, deps } = await anOnboardingWithRecordedLeave('free-seat');
    // Act
    await finishOnboarding(HIRE, LICENSED, deps);
    // Assess
    expect(trello.members.get(MEMBER_ID)?.deactivated).toBe(true);
    expect(idp.deactivations).toEqual([]);
    expect(await auditOf(records, LEAVE_RUN)).toEqual([
      ['deactivate-for-leave', 'begun'],
      ['deactivate-for-leave', 'succeeded'],
    ]);
  });

  it('changes nothing more when the finish runs again (a Lambda retry)', async () => {
    // Prepare
    const { records, idp, deps } = await anOnboardingWithRecordedLeave('suspend-sign-in');
    await finishOnboarding(HIRE, LICENSED, deps);
    // Act
    await finishOnboarding(HIRE, LICENSED, deps);
    // Assess
    expect(idp.deactivations).toHaveLength(1);
    expect(await auditOf(records, LEAVE_RUN)).toHaveLength(2);
  });

  it.each([
    ['the leave ended meanwhile', 'suspend-sign-in', 'employee.leave_ended'],
    ['the policy is keep', 'keep', 'employee.leave_started'],
  ] as const)('changes nothing when %s', async (_case, policy, leave) => {
    // Prepare
    const { records, idp, trello, deps } = await anOnboardingWithRecordedLeave(policy, leave);
    // Act
    await finishOnboarding(HIRE, LICENSED, deps);
    // Assess
    expect(idp.deactivations).toEqual([]);
    expect(trello.writes).toEqual([]);
    expect(await records.runs.getRun(LEAVE_RUN)).toBeNull();
  });

  it('changes nothing when the onboarding did not provision them', async () => {
    // Prepare
    const { records, idp, deps } = await anOnboardingWithRecordedLeave('suspend-sign-in');
    // Act
    await finishOnboarding(HIRE, { gaveUp: true }, deps);
    // Assess
    expect(idp.deactivations).toEqual([]);
    expect(await records.runs.getRun(LEAVE_RUN)).toBeNull();
  });

  it('fails the leave run and tells admins to cut the access by hand when the IdP refuses', async () => {
    // Prepare
    const { records, idp, notifier, deps } = await anOnboardingWithRecordedLeave('suspend-sign-in');
    idp.failNextDeactivate = new Error('Okta is down');
    // Act
    const end = await finishOnboarding(HIRE, LICENSED, deps);
    // Assess
    expect(end.status).toBe('succeeded');
    expect(idp.users.get('00u1')?.active).toBe(true);
    expect(await records.runs.getRun(LEAVE_RUN)).toMatchObject({ status: 'failed', outcome: 'failed:Error' });
    expect(notifier.sent).toEqual([
      expect.objectContaining({
        kind: 'run-failed',
        runId: LEAVE_RUN,
        body: expect.stringContaining('suspend their sign-in in the identity provider by hand'),
      }),
    ]);
  });
  it('asks admins instead of changing access when leaveApproval is on', async () => {
    // Prepare
    const { records, idp, trello, deps } = await anOnboardingWithRecordedLeave('free-seat');
    const workflow = new RecordingWorkflowEngine();
    const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Lanyard-LeaveApproval';
    // Act
    const end = await finishOnboarding(HIRE, LICENSED, {
      ...deps,
      leaveApproval: { stateMachineArn: ARN, approvals: records.approvals, workflow },
    });
    // Assess: the onboarding ends as usual; the leave waits for its approval, nothing cut yet
    expect(end).toEqual({ status: 'succeeded', outcome: 'licensed', failed: false });
    expect(trello.writes).toEqual([]);
    expect(idp.users.get('00u1')?.active).toBe(true);
    expect(workflow.calls).toEqual([
      {
        op: 'startExecution',
        stateMachineArn: ARN,
        name: leaveApprovalExecutionName('evt-leave'),
        input: { detail: expect.objectContaining({ id: 'evt-leave', type: 'employee.leave_started' }) },
      },
    ]);
    expect(await records.runs.getRun(LEAVE_RUN)).toMatchObject({ kind: 'leave', status: 'running' });
  });
});
