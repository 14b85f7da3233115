/**
 * Leave of absence on the local stack, per policy: `suspend-sign-in` cuts the Okta sign-in when
 * the leave starts and restores it when it ends (the seat stays); `free-seat` deactivates the
 * Trello member (the seat is freed) and reactivates and re-licenses them on return. A
 * termination during the leave is an ordinary offboarding; a leave end after it changes nothing.
 * A leave start that arrives before its hire is applied when the onboarding ends; a department
 * changed during a `free-seat` leave is taken by the record at once and moves the Workspaces on
 * return. With `leaveApproval` on, a leave start asks admins (the leave-approval workflow) and
 * changes access only once approved through the admin API; a rejection, a leave end before the
 * decision, or a termination leave it as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaveRunId } from '../../../functions/core/lifecycle/apply-leave.ts';
import { leaveApprovalId } from '../../../functions/core/lifecycle/leave-approval.ts';
import type { LeavePolicy } from '../../../functions/core/lifecycle/leave-policies.ts';
import { moverRunId } from '../../../functions/core/lifecycle/move-workspaces.ts';
import { offboardingRunId, onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import {
  adminRequest,
  hrEvent,
  onboardedPerson,
  publishHrEvent,
  type StackHarness,
  startOffboarding,
  startOnboarding,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';

function stackWith(policy: LeavePolicy, leaveApproval = false) {
  let h: StackHarness;
  beforeAll(async () => {
    h = await startStackHarness({ inMemory: true, config: { leaveOfAbsence: policy, leaveApproval } });
    await h.control('POST', '/enterprise', { maxMembers: 10_000 });
  }, 120_000);
  afterAll(() => h?.close());
  return () => h;
}

const publish = publishHrEvent;
const onboarded = (h: StackHarness, email: string) => onboardedPerson(h, email);

async function leave(
  h: StackHarness,
  type: 'employee.leave_started' | 'employee.leave_ended',
  employee: { email: string; id: string; fullName: string; department?: string | null },
) {
  const event = hrEvent(type, employee);
  await publish(h, event);
  return leaveRun(h, event.id);
}

function leaveRun(h: StackHarness, eventId: string) {
  return waitFor(
    `the leave run of ${eventId} to end`,
    async () => {
      const run = await h.records.runs.getRun(leaveRunId(eventId));
      return run && run.status !== 'running' && run.status !== 'waiting-approval' ? run : null;
    },
    60_000,
  );
}

describe('leave policy suspend-sign-in', () => {
  const stack = stackWith('suspend-sign-in');

  it('cuts the IdP sign-in for the leave and restores it on return; the seat stays', async () => {
    const h = stack();
    const person = await onboarded(h, 'on.leave@example.com');
    const started = await leave(h, 'employee.leave_started', person.employee);
    expect(started).toMatchObject({ kind: 'leave', status: 'succeeded', outcome: 'applied' });
    expect(h.stack.idp?.user('on.leave@example.com')?.signInActive).toBe(false);
    expect(h.stack.trello.state.member(person.memberId)?.licensed).toBe(true);
    await waitFor(
      'on leave in the record',
      async () => (await h.records.people.getProfile(person.employee.id))?.onLeave === true,
    );
    const audit = (await h.records.audit.runAudit(started.runId)).map(
      (a) => `${a.entry.action} ${a.entry.result}`,
    );
    expect(audit).toEqual(['suspend-sign-in-for-leave begun', 'suspend-sign-in-for-leave succeeded']);

    const ended = await leave(h, 'employee.leave_ended', person.employee);
    expect(ended).toMatchObject({ status: 'succeeded', outcome: 'applied' });
    expect(h.stack.idp?.user('on.leave@example.com')?.signInActive).toBe(true);
  });

  it('applies a leave start that arrived before the hire once the onboarding ends', async () => {
    const h = stack();
    const email = 'early.leave@example.com';
    await h.control('POST', '/members', { email, fullName: email, licensed: true });
    h.stack.idp?.addUser({ email });
    const hire = hrEvent('employee.hired', { email });
    const inAMinute = new Date(Date.now() + 60_000).toISOString();
    const early = hrEvent('employee.leave_started', hire.employee, {
      occurredAt: inAMinute,
      effectiveAt: inAMinute,
    });
    await publish(h, early);
    await waitFor(
      'on leave in the record before the hire',
      async () => (await h.records.people.getProfile(hire.employee.id))?.onLeave === true,
    );
    expect(h.stack.idp?.user(email)?.signInActive).toBe(true);

    await startOnboarding(h, hire);
    const applied = await leaveRun(h, early.id);
    expect(applied).toMatchObject({ kind: 'leave', status: 'succeeded', outcome: 'applied' });
    expect((await h.records.runs.getRun(onboardingRunId(hire.id)))?.status).toBe('succeeded');
    expect(h.stack.idp?.user(email)?.signInActive).toBe(false);
    expect(await h.records.people.getProfile(hire.employee.id)).toMatchObject({
      lifecycle: 'active',
      onLeave: true,
    });
    const audit = (await h.records.audit.runAudit(applied.runId)).map(
      (a) => `${a.entry.action} ${a.entry.result}`,
    );
    expect(audit).toEqual(['suspend-sign-in-for-leave begun', 'suspend-sign-in-for-leave succeeded']);
  });

  it('lets a termination during the leave offboard as usual, and a later leave end change nothing', async () => {
    const h = stack();
    const person = await onboarded(h, 'leaves.for.good@example.com');
    await leave(h, 'employee.leave_started', person.employee);
    const termination = hrEvent('employee.terminated', person.employee);
    await startOffboarding(h, termination);
    const run = await waitFor(
      'the offboarding',
      async () => {
        const r = await h.records.runs.getRun(offboardingRunId(termination.id));
        return r && r.status !== 'running' && r.status !== 'waiting-approval' ? r : null;
      },
      120_000,
    );
    expect(run.status).toMatch(/^succeeded/);
    const late = hrEvent('employee.leave_ended', person.employee);
    await publish(h, late);
    await waitFor('the late leave end recorded', async () =>
      (await h.records.people.listPersonEvents(person.employee.id)).some((e) => e.id === late.id),
    );
    expect(await h.records.runs.getRun(leaveRunId(late.id))).toBeNull();
    expect(h.stack.idp?.user('leaves.for.good@example.com')?.signInActive).toBe(false);
  });
});

describe('leave policy free-seat', () => {
  const stack = stackWith('free-seat');

  it('frees the Trello seat for the leave and gives one back on return', async () => {
    const h = stack();
    const person = await onboarded(h, 'seat.leave@example.com');
    const before = h.stack.trello.state.licensedCount;
    await leave(h, 'employee.leave_started', person.employee);
    expect(h.stack.trello.state.member(person.memberId)).toMatchObject({ licensed: false });
    expect(h.stack.trello.state.licensedCount).toBe(before - 1);
    const ended = await leave(h, 'employee.leave_ended', person.employee);
    expect(ended).toMatchObject({ status: 'succeeded' });
    expect(h.stack.trello.state.member(person.memberId)).toMatchObject({ licensed: true });
    expect(h.stack.idp?.user('seat.leave@example.com')?.signInActive).toBe(true);
  });

  it('takes a department change during the leave at once and moves the Workspaces on return', async () => {
    const h = stack();
    const map = h.stack.config.departmentWorkspaces;
    const [from, to] = Object.keys(map);
    if (!from || !to) throw new Error('the local stack maps fewer than two departments');
    const person = await onboardedPerson(h, 'moves.on.leave@example.com', from);
    await leave(h, 'employee.leave_started', person.employee);

    const update = hrEvent('employee.updated', {
      ...person.employee,
      fullName: 'Moved Away',
      department: to,
    });
    await publish(h, update);
    await waitFor('the new name and department on the record', async () => {
      const profile = await h.records.people.getProfile(person.employee.id);
      return profile?.department === to && profile.fullName === 'Moved Away';
    });
    expect(await h.records.runs.getRun(moverRunId(update.id))).toBeNull();
    expect(h.stack.trello.state.member(person.memberId)).toMatchObject({ deactivated: true });

    const ended = await leave(h, 'employee.leave_ended', { ...person.employee, department: to });
    expect(ended).toMatchObject({ status: 'succeeded', outcome: 'applied' });
    expect(h.stack.trello.state.member(person.memberId)).toMatchObject({
      licensed: true,
      deactivated: false,
    });
    const workspaces = h.stack.trello.state.organizationIdsOf(person.memberId);
    expect(workspaces).toContain(map[to]);
    expect(workspaces).not.toContain(map[from]);
    const audit = (await h.records.audit.runAudit(ended.runId))
      .filter((a) => a.entry.result === 'succeeded')
      .map((a) => `${a.entry.action} ${a.entry.target}`);
    expect(audit).toEqual([
      `reactivate-after-leave member:${person.memberId}`,
      `grant-seat-after-leave member:${person.memberId}`,
      `add-to-workspace workspace:${map[to]}`,
      `remove-from-workspace workspace:${map[from]}`,
    ]);
  });
});

describe('leave policy free-seat with leaveApproval', () => {
  const stack = stackWith('free-seat', true);

  /** The leave start recorded at once, its approval asked, and Trello not touched. */
  async function asked(h: StackHarness, email: string) {
    const person = await onboarded(h, email);
    const start = hrEvent('employee.leave_started', person.employee);
    await publish(h, start);
    const approval = await waitFor(`the approval of ${start.id}`, async () => {
      const found = await h.records.approvals.getApproval(leaveApprovalId(start.id));
      return found?.status === 'pending' ? found : null;
    });
    expect(approval).toMatchObject({ kind: 'leave-of-absence', runId: leaveRunId(start.id) });
    await waitFor(
      'the leave run shown waiting',
      async () => (await h.records.runs.getRun(leaveRunId(start.id)))?.status === 'waiting-approval',
    );
    expect((await h.records.people.getProfile(person.employee.id))?.onLeave).toBe(true);
    expect(h.stack.trello.state.member(person.memberId)).toMatchObject({
      licensed: true,
      deactivated: false,
    });
    return { person, start, approval };
  }

  it('asks before freeing the seat, and frees it once an admin approves', async () => {
    const h = stack();
    const { person, start, approval } = await asked(h, 'approved.leave@example.com');
    const { status } = await adminRequest(h, 'POST', `/admin/approvals/${approval.id}/approve`, {
      comment: 'ok',
    });
    expect(status).toBe(200);
    const run = await leaveRun(h, start.id);
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'applied' });
    expect(h.stack.trello.state.member(person.memberId)).toMatchObject({
      licensed: false,
      deactivated: true,
    });
    const audit = (await h.records.audit.runAudit(run.runId))
      .filter((a) => a.entry.result === 'succeeded')
      .map((a) => a.entry.action);
    expect(audit).toEqual(['decide-approval', 'deactivate-for-leave']);
  });

  it('changes nothing when an admin rejects it', async () => {
    const h = stack();
    const { person, start, approval } = await asked(h, 'rejected.leave@example.com');
    const { status } = await adminRequest(h, 'POST', `/admin/approvals/${approval.id}/reject`, {
      comment: 'not this one',
    });
    expect(status).toBe(200);
    const run = await leaveRun(h, start.id);
    expect(run).toMatchObject({ status: 'skipped', outcome: 'rejected' });
    expect(h.stack.trello.state.member(person.memberId)).toMatchObject({
      licensed: true,
      deactivated: false,
    });
  });

  it('withdraws the approval when the leave ends first; the end restores nothing and approving is refused', async () => {
    const h = stack();
    const { person, start, approval } = await asked(h, 'short.leave@example.com');
    const end = hrEvent('employee.leave_ended', person.employee);
    await publish(h, end);
    const run = await leaveRun(h, start.id);
    expect(run).toMatchObject({ status: 'skipped', outcome: 'withdrawn' });
    expect(await h.records.approvals.getApproval(approval.id)).toMatchObject({
      status: 'expired',
      comment: expect.stringMatching(/^Withdrawn: the leave ended/),
    });
    await waitFor(
      'off leave in the record',
      async () => (await h.records.people.getProfile(person.employee.id))?.onLeave === false,
    );
    expect(await h.records.runs.getRun(leaveRunId(end.id))).toBeNull();
    expect(h.stack.trello.state.member(person.memberId)).toMatchObject({
      licensed: true,
      deactivated: false,
    });
    const late = await adminRequest(h, 'POST', `/admin/approvals/${approval.id}/approve`, {});
    expect(late.status).toBe(409);
    expect(String(late.json.message ?? JSON.stringify(late.json))).toMatch(/the leave ended/);
  });

  it('lets a termination offboard at once and withdraws the pending approval', async () => {
    const h = stack();
    const { person, start, approval } = await asked(h, 'leaves.while.asked@example.com');
    const termination = hrEvent('employee.terminated', person.employee);
    await startOffboarding(h, termination);
    // The cut does not wait for the approval: Trello reads deactivated while no admin has decided.
    await waitFor(
      'the leaver deactivated in Trello',
      async () => h.stack.trello.state.member(person.memberId)?.deactivated === true,
      120_000,
    );
    expect(await h.records.approvals.getApproval(approval.id)).toMatchObject({
      status: 'expired',
      comment: expect.stringMatching(/the termination supersedes the leave/),
    });
    const run = await leaveRun(h, start.id);
    expect(run).toMatchObject({ status: 'skipped', outcome: 'withdrawn' });
    const offboarding = await waitFor(
      'the offboarding',
      async () => {
        const r = await h.records.runs.getRun(offboardingRunId(termination.id));
        return r && r.status !== 'running' && r.status !== 'waiting-approval' ? r : null;
      },
      120_000,
    );
    expect(offboarding.status).toMatch(/^succeeded/);
  });
});
