/**
 * Approval before a leave's change (deploy config `leaveApproval`), the use cases in the order the
 * leave-approval workflow runs them: Apply Profile Event records the leave and starts the
 * workflow instead of changing access; Ask Leave Approval records the approval; an admin decides
 * (decideApproval, as the admin API does); Settle Leave Approval makes the change or records why
 * not. A leave end before the decision withdraws it and restores nothing; a withdrawn or late
 * approval changes nothing. Records, Trello, the IdP and Step Functions in memory.
 */
import { describe, expect, it } from 'vitest';
import { decideApproval } from '../../../../functions/core/approvals/decide-approval.ts';
import { ApprovalNotPendingError, ErrorNames } from '../../../../functions/core/errors.ts';
import { leaveRunId } from '../../../../functions/core/lifecycle/apply-leave.ts';
import { applyProfileEvent } from '../../../../functions/core/lifecycle/apply-profile-event.ts';
import { askLeaveApproval } from '../../../../functions/core/lifecycle/ask-leave-approval.ts';
import {
  leaveApprovalExecutionName,
  leaveApprovalId,
  withdrawLeaveApproval,
} from '../../../../functions/core/lifecycle/leave-approval.ts';
import type { LeavePolicy } from '../../../../functions/core/lifecycle/leave-policies.ts';
import {
  type LeaveDecision,
  settleLeaveApproval,
} from '../../../../functions/core/lifecycle/settle-leave-approval.ts';
import { RecordingWorkflowEngine } from '../../../support/fakes/recording-workflow-engine.ts';
import { aLeave, aProvisionedPerson, MEMBER_ID } from '../../../support/profile-event-kit.ts';
import { auditOf } from '../../../support/run-builders.ts';

const LEAVE = aLeave('employee.leave_started');
const BACK = aLeave('employee.leave_ended');
const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Lanyard-LeaveApproval';
const APPROVAL = leaveApprovalId('evt-leave');
const RUN = leaveRunId('evt-leave');

async function withApproval(leavePolicy: LeavePolicy = 'free-seat') {
  const setup = await aProvisionedPerson({ leavePolicy });
  const workflow = new RecordingWorkflowEngine();
  const deps = {
    ...setup.deps,
    workflow,
    leaveApproval: { stateMachineArn: ARN, approvals: setup.records.approvals, workflow },
  };
  const ask = () =>
    askLeaveApproval(LEAVE, 'token-1', {
      ...deps,
      settings: { approvalTimeoutHours: 168, consoleUrl: 'https://lanyard.example.com/' },
    });
  const decide = (decision: 'approved' | 'rejected', by = 'it.admin@example.com') =>
    decideApproval({ approvalId: APPROVAL, decision, by, comment: null }, deps);
  /** What the workflow hands Settle: SendTaskSuccess's output, or the error SendTaskFailure caught. */
  const delivered = (): LeaveDecision => {
    const last = workflow.calls.at(-1);
    if (last?.op === 'completeTask') return last.output as LeaveDecision;
    if (last?.op === 'failTask') return { Error: last.error, Cause: last.cause };
    throw new Error(`Nothing was delivered to the wait: ${JSON.stringify(last)}`);
  };
  return { ...setup, workflow, deps, ask, decide, delivered };
}

describe('a leave start under leaveApproval', () => {
  it('marks them on leave at once and asks admins instead of changing access', async () => {
    // Prepare
    const { records, trello, idp, workflow, deps, ask, notifier } = await withApproval();
    // Act
    const applied = await applyProfileEvent(LEAVE, deps);
    const asked = await ask();
    // Assess
    expect(applied).toEqual({ applied: true, reason: `Applied employee.leave_started; run ${RUN}` });
    expect((await records.people.getProfile('E1001'))?.onLeave).toBe(true);
    expect(trello.writes).toEqual([]);
    expect(idp.deactivations).toEqual([]);
    expect(workflow.calls[0]).toEqual({
      op: 'startExecution',
      stateMachineArn: ARN,
      name: leaveApprovalExecutionName('evt-leave'),
      input: { detail: LEAVE },
    });
    expect(asked).toEqual({ approvalId: APPROVAL, status: 'pending' });
    expect(await records.approvals.getApproval(APPROVAL)).toMatchObject({
      kind: 'leave-of-absence',
      runId: RUN,
      subjectEmployeeId: 'E1001',
      status: 'pending',
      question: expect.stringMatching(/Approve to deactivate them in Trello, freeing their seat/),
    });
    expect(await records.runs.getRun(RUN)).toMatchObject({
      kind: 'leave',
      status: 'waiting-approval',
      executionName: leaveApprovalExecutionName('evt-leave'),
    });
    expect(notifier.sent.map((n) => [n.kind, n.approvalId])).toEqual([['approval-requested', APPROVAL]]);
  });

  it('starts the same execution when a delivery is retried before the record was written', async () => {
    // Prepare: the run exists, the record does not hold the leave yet (the first try died there).
    const { records, workflow, deps } = await withApproval();
    await applyProfileEvent(LEAVE, deps);
    const profile = await records.people.getProfile('E1001');
    await records.people.putProfile(
      { ...profile!, onLeave: false, lastLeaveEvent: null, lastEvent: profile!.lastLifecycleEvent ?? null },
      profile!.version,
    );
    // Act
    await applyProfileEvent(LEAVE, deps);
    // Assess: one name, so Step Functions answers the running one; one run.
    const names = workflow.calls.map((c) => (c.op === 'startExecution' ? c.name : c.op));
    expect(names).toEqual([leaveApprovalExecutionName('evt-leave'), leaveApprovalExecutionName('evt-leave')]);
    expect((await records.people.getProfile('E1001'))?.onLeave).toBe(true);
  });

  it('names executions within Step Functions limits, one per event id', () => {
    const long = `evt:${'x'.repeat(120)}`;
    for (const id of ['evt-1', 'evt.1', 'evt:1', long])
      expect(leaveApprovalExecutionName(id)).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(leaveApprovalExecutionName('evt.1')).not.toBe(leaveApprovalExecutionName('evt:1'));
  });
});

describe('settling a leave approval', () => {
  it('approved: makes the policy change as the leave run, audited, and read from Trello', async () => {
    // Prepare
    const { records, trello, deps, ask, decide, delivered } = await withApproval();
    await applyProfileEvent(LEAVE, deps);
    await ask();
    // Act
    await decide('approved');
    const settled = await settleLeaveApproval(LEAVE, delivered(), deps);
    // Assess
    expect(settled).toEqual({ outcome: 'applied' });
    expect(trello.writes).toEqual([`deactivate ${MEMBER_ID}`]);
    expect((await trello.seats()).used).toBe(0);
    expect(await records.runs.getRun(RUN)).toMatchObject({
      status: 'succeeded',
      outcome: 'applied',
      summary: expect.stringMatching(/^Leave started \(approved by it.admin@example.com\) \(free-seat\)/),
    });
    expect(await auditOf(records, RUN)).toEqual([
      ['decide-approval', 'begun'],
      ['decide-approval', 'succeeded'],
      ['deactivate-for-leave', 'begun'],
      ['deactivate-for-leave', 'succeeded'],
    ]);
  });

  it('approved under suspend-sign-in: suspends the IdP sign-in, the seat stays', async () => {
    // Prepare
    const { idp, trello, deps, ask, decide, delivered } = await withApproval('suspend-sign-in');
    await applyProfileEvent(LEAVE, deps);
    await ask();
    // Act
    await decide('approved');
    await settleLeaveApproval(LEAVE, delivered(), deps);
    // Assess
    expect(idp.deactivations).toEqual([{ userId: '00u1', scope: 'sign-in' }]);
    expect(trello.writes).toEqual([]);
  });

  it('rejected: nothing changes in Trello or the IdP; the run says who rejected it', async () => {
    // Prepare
    const { records, trello, idp, deps, ask, decide, delivered } = await withApproval();
    await applyProfileEvent(LEAVE, deps);
    await ask();
    // Act
    await decide('rejected');
    const settled = await settleLeaveApproval(LEAVE, delivered(), deps);
    // Assess
    expect(delivered()).toMatchObject({ Error: ErrorNames.ApprovalRejected });
    expect(settled).toEqual({ outcome: 'rejected' });
    expect(trello.writes).toEqual([]);
    expect(idp.deactivations).toEqual([]);
    expect(await records.runs.getRun(RUN)).toMatchObject({
      status: 'skipped',
      outcome: 'rejected',
      summary: expect.stringMatching(
        /Rejected by it.admin@example.com: free-seat not applied, nothing changed/,
      ),
    });
    // The leave itself stands: the record keeps them on leave (sweeps skip them).
    expect((await records.people.getProfile('E1001'))?.onLeave).toBe(true);
  });

  it('not decided in time: closes the approval as expired, audited, and changes nothing', async () => {
    // Prepare
    const { records, trello, deps, ask } = await withApproval();
    await applyProfileEvent(LEAVE, deps);
    await ask();
    // Act
    const settled = await settleLeaveApproval(LEAVE, { Error: ErrorNames.Timeout, Cause: null }, deps);
    // Assess
    expect(settled).toEqual({ outcome: 'expired' });
    expect(await records.approvals.getApproval(APPROVAL)).toMatchObject({
      status: 'expired',
      decidedBy: 'lanyard',
    });
    expect(trello.writes).toEqual([]);
    expect(await records.runs.getRun(RUN)).toMatchObject({ status: 'skipped', outcome: 'expired' });
  });
});

describe('a leave end before the approval', () => {
  it('withdraws the approval (audited), ends the wait, and restores nothing it did not take', async () => {
    // Prepare
    const { records, trello, idp, workflow, deps, ask, decide, delivered } = await withApproval();
    await applyProfileEvent(LEAVE, deps);
    await ask();
    // Act
    const ended = await applyProfileEvent(BACK, deps);
    const settled = await settleLeaveApproval(LEAVE, delivered(), deps);
    // Assess
    expect(ended).toEqual({ applied: true, reason: 'Applied employee.leave_ended' });
    expect(workflow.calls.at(-1)).toMatchObject({
      op: 'failTask',
      taskToken: 'token-1',
      error: ErrorNames.ApprovalExpired,
    });
    expect(await records.approvals.getApproval(APPROVAL)).toMatchObject({
      status: 'expired',
      decidedBy: 'lanyard',
      comment: 'Withdrawn: the leave ended (evt-back) before an admin approved it',
    });
    expect(await auditOf(records, RUN)).toEqual([
      ['decide-approval', 'begun'],
      ['decide-approval', 'succeeded'],
    ]);
    expect(settled).toEqual({ outcome: 'withdrawn' });
    expect(await records.runs.getRun(RUN)).toMatchObject({ status: 'skipped', outcome: 'withdrawn' });
    expect(await records.runs.getRun(leaveRunId('evt-back'))).toBeNull();
    expect(trello.writes).toEqual([]);
    expect(idp.deactivations).toEqual([]);
    expect((await records.people.getProfile('E1001'))?.onLeave).toBe(false);
    // An admin who opens it now is told why it is closed.
    await expect(decide('approved')).rejects.toThrow(
      new ApprovalNotPendingError(
        `Approval ${APPROVAL} was already expired by lanyard at 2026-12-01T09:00:00.000Z (Withdrawn: the leave ended (evt-back) before an admin approved it); a decision is made once`,
      ),
    );
  });

  it('after an approved change: restores it as today', async () => {
    // Prepare
    const { trello, deps, ask, decide, delivered } = await withApproval();
    await applyProfileEvent(LEAVE, deps);
    await ask();
    await decide('approved');
    await settleLeaveApproval(LEAVE, delivered(), deps);
    // Act
    await applyProfileEvent(BACK, deps);
    // Assess
    expect(trello.writes).toEqual([
      `deactivate ${MEMBER_ID}`,
      `reactivate ${MEMBER_ID}`,
      `license ${MEMBER_ID}`,
    ]);
  });
});

describe('a stale or withdrawn leave approval', () => {
  it('approved after the person left: changes nothing and tells admins why', async () => {
    // Prepare
    const { records, trello, notifier, deps, ask, decide, delivered } = await withApproval();
    await applyProfileEvent(LEAVE, deps);
    await ask();
    await decide('approved');
    const profile = await records.people.getProfile('E1001');
    await records.people.putProfile({ ...profile!, lifecycle: 'offboarding' }, profile!.version);
    // Act
    const settled = await settleLeaveApproval(LEAVE, delivered(), deps);
    // Assess
    expect(settled).toEqual({ outcome: 'stale' });
    expect(trello.writes).toEqual([]);
    expect(await records.runs.getRun(RUN)).toMatchObject({
      status: 'skipped',
      outcome: 'stale',
      summary: expect.stringMatching(
        /they are no longer active \(offboarding\): a termination supersedes the leave/,
      ),
    });
    expect(notifier.sent.at(-1)).toMatchObject({
      kind: 'run-finished',
      title: expect.stringMatching(/came too late: nothing changed/),
    });
  });

  it('a termination withdraws the pending approval and ends its wait; a second withdrawal is a no-op', async () => {
    // Prepare
    const { records, workflow, deps, ask } = await withApproval();
    await applyProfileEvent(LEAVE, deps);
    await ask();
    // Act
    const first = await withdrawLeaveApproval(
      'evt-leave',
      'ana.lima@example.com is leaving',
      'hr:evt-term',
      deps,
    );
    const again = await withdrawLeaveApproval(
      'evt-leave',
      'ana.lima@example.com is leaving',
      'hr:evt-term',
      deps,
    );
    // Assess
    expect(first).toMatchObject({ status: 'expired', comment: 'Withdrawn: ana.lima@example.com is leaving' });
    expect(again).toBeNull();
    expect(workflow.calls.filter((c) => c.op === 'failTask')).toHaveLength(1);
    expect((await records.audit.runAudit(RUN)).map((a) => [a.entry.actor, a.entry.result])).toEqual([
      ['hr:evt-term', 'begun'],
      ['hr:evt-term', 'succeeded'],
    ]);
  });

  it('is not asked when the leave is already over by the time the workflow asks', async () => {
    // Prepare
    const { records, workflow, deps, ask } = await withApproval();
    await applyProfileEvent(LEAVE, deps);
    await applyProfileEvent(BACK, deps);
    // Act
    const asked = await ask();
    // Assess
    expect(asked).toEqual({ approvalId: APPROVAL, status: 'expired' });
    expect(await records.approvals.getApproval(APPROVAL)).toBeNull();
    expect(workflow.calls.at(-1)).toMatchObject({
      op: 'failTask',
      error: ErrorNames.ApprovalExpired,
      cause: 'Not asked: their leave ended (evt-back) before the approval',
    });
  });
});
