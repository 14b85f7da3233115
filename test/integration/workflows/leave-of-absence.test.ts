/**
 * Leave of absence on the local stack, per policy: `suspend-sign-in` cuts the Okta sign-in when
 * the leave starts and restores it when it ends (the seat stays); `free-seat` deactivates the
 * Trello member (the seat is freed) and reactivates and re-licenses them on return. A
 * termination during the leave is an ordinary offboarding; a leave end after it changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaveRunId } from '../../../functions/core/lifecycle/apply-leave.ts';
import type { LeavePolicy } from '../../../functions/core/lifecycle/leave-policies.ts';
import { offboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import {
  hrEvent,
  onboardedPerson,
  publishHrEvent,
  type StackHarness,
  startOffboarding,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';

function stackWith(policy: LeavePolicy) {
  let h: StackHarness;
  beforeAll(async () => {
    h = await startStackHarness({ inMemory: true, config: { leaveOfAbsence: policy } });
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
  employee: { email: string; id: string; fullName: string },
) {
  const event = hrEvent(type, employee);
  await publish(h, event);
  return waitFor(
    `the ${type} run`,
    async () => {
      const run = await h.records.runs.getRun(leaveRunId(event.id));
      return run && run.status !== 'running' ? run : null;
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
});
