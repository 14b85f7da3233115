/**
 * The offboarding workflow end to end on the local stack: the synthesized ASL on the local Step
 * Functions runtime, the real step handlers, dynalite, the Trello simulator and the Okta
 * simulator. Approvals are decided through the admin API, as an admin would.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { offboardingRunId, onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { OffboardingStates as S } from '../../../workflows/offboarding/offboarding-states.ts';
import {
  adminRequest,
  hrEvent,
  type StackHarness,
  startOffboarding,
  startOnboarding,
  startStackHarness,
  waitFor,
  waitForExecution,
} from '../../support/local-stack-harness.ts';

/** Retries wait nothing here: the fault test would otherwise sleep through real backoff. */
const NO_RETRY_WAIT = Object.fromEntries(
  [
    S.plan,
    S.handOverBoard,
    S.deactivateMember,
    S.reviewTokens,
    S.verifyTokens,
    S.cutSignIn,
    S.cutAccount,
    S.verify,
  ].map((state) => [state, 0]),
);

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true, retryIntervalOverrides: NO_RETRY_WAIT });
}, 120_000);
afterAll(() => h?.close());
beforeEach(async () => {
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
});

let people = 0;
/** A licensed member in Trello who signs in through Okta. */
async function employee(extra: Record<string, unknown> = {}) {
  people += 1;
  const n = people;
  const email = `leaver${n}.${Math.random().toString(36).slice(2, 6)}@example.com`;
  const member = await h.control<{ id: string }>('POST', '/members', {
    email,
    fullName: `Leaver ${n}`,
    licensed: true,
    ...extra,
  });
  const oktaId = h.stack.idp?.addUser({ email }) ?? '';
  return { email, memberId: member.id, oktaId, employeeId: `E-OFF-${n}` };
}

async function offboard(detail: ReturnType<typeof hrEvent>) {
  const arn = await startOffboarding(h, detail);
  const done = await waitForExecution(h, arn, undefined, 60_000);
  const run = await h.records.runs.getRun(offboardingRunId(detail.id));
  return { arn, done, run };
}

function terminated(person: { email: string; employeeId: string }, overrides = {}, manager?: string) {
  return hrEvent(
    'employee.terminated',
    { email: person.email, id: person.employeeId },
    {
      employee: {
        id: person.employeeId,
        email: person.email,
        fullName: 'Leaver',
        department: null,
        managerEmail: manager ?? null,
      },
      ...overrides,
    },
  );
}

const admin = (method: string, path: string, body?: unknown) => adminRequest(h, method, path, body);

async function pendingApproval(runId: string, kind: string) {
  return waitFor(`the ${kind} approval`, async () => {
    const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 200 });
    return items.find((a) => a.runId === runId && a.kind === kind);
  });
}

const trello = () => h.stack.trello.state;
const okta = (email: string) => h.stack.idp?.user(email);

describe('offboarding', () => {
  it('offboards a plain leaver: deactivated in Trello, seat freed, suspended in Okta, read back', async () => {
    const person = await employee();
    const seatsBefore = trello().licensedCount;
    const { done, run } = await offboard(terminated(person));
    expect(done.status).toBe('SUCCEEDED');
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'offboarded' });
    expect(trello().member(person.memberId)).toMatchObject({ deactivated: true });
    expect(trello().licensedCount).toBe(seatsBefore - 1);
    expect(okta(person.email)).toMatchObject({
      signInActive: false,
      accountActive: true,
      status: 'SUSPENDED',
      activeSessions: 0,
    });
    const profile = await h.records.people.getProfile(person.employeeId);
    expect(profile).toMatchObject({
      lifecycle: 'offboarded',
      currentRunId: null,
      trelloMemberId: person.memberId,
    });
  });

  it('hands every sole-admin board to the manager before deactivating; none is left without an admin', async () => {
    const manager = await employee();
    const person = await employee();
    const boards = [];
    for (const name of ['Roadmap', 'Hiring', 'Budget']) {
      boards.push(
        await h.control<{ id: string }>('POST', '/boards', {
          name,
          idOrganization: h.stack.trello.info().defaultWorkspaceId,
          members: [
            { idMember: person.memberId, type: 'admin' },
            { idMember: manager.memberId, type: 'normal' },
          ],
        }),
      );
    }
    const { run } = await offboard(terminated(person, {}, manager.email));
    expect(run?.status, run?.summary ?? '').toBe('succeeded');
    for (const board of boards) {
      const admins = trello()
        .snapshot()
        .boards.find((b) => b.id === board.id)
        ?.memberships.filter((m) => m.memberType === 'admin' && !trello().member(m.idMember)?.deactivated);
      expect(admins?.map((m) => m.idMember)).toEqual([manager.memberId]);
    }
    expect(
      run?.steps.filter((s) => s.step.startsWith('hand-over-board:') && s.result === 'done'),
    ).toHaveLength(3);
  });

  it('reports a sole-admin board it cannot hand over (no manager, no fallback) and a public board', async () => {
    const person = await employee();
    await h.control('POST', '/boards', {
      name: 'Orphan',
      members: [{ idMember: person.memberId, type: 'admin' }],
    });
    const { run } = await offboard(terminated(person));
    expect(run).toMatchObject({ status: 'succeeded-with-gaps', outcome: 'offboarded-with-gaps' });
    expect(run?.summary).toContain('Board "Orphan"');
  });

  it('ends an onboarding still waiting for a seat; the person ends offboarded', async () => {
    const email = `mid.onboarding.${Date.now()}@example.com`;
    const member = await h.control<{ id: string }>('POST', '/members', { email, fullName: 'Mid Onboarding' });
    h.stack.idp?.addUser({ email });
    await h.control('POST', '/enterprise', { maxMembers: trello().licensedCount });
    const hire = hrEvent('employee.hired', { email, id: 'E-MID' });
    const onboardingArn = await startOnboarding(h, hire);
    const approval = await pendingApproval(onboardingRunId(hire.id), 'seats-exhausted');

    const { run } = await offboard(terminated({ email, employeeId: 'E-MID' }));
    expect(run?.status).toBe('succeeded');
    // Resumed with RunSuperseded, it finishes on its own as superseded: not an aborted run that pages.
    const ended = await waitForExecution(h, onboardingArn);
    expect(ended.status).toBe('SUCCEEDED');
    expect(await h.records.runs.getRun(onboardingRunId(hire.id))).toMatchObject({ status: 'superseded' });
    expect((await h.records.approvals.getApproval(approval.id))?.status).toBe('expired');
    expect(await h.records.people.getProfile('E-MID')).toMatchObject({ lifecycle: 'offboarded' });
    expect(trello().member(member.id)).toMatchObject({ deactivated: true, licensed: false });
  });

  it('stops an onboarding waiting for its start date; the execution watch leaves the superseded run alone', async () => {
    const email = `before.start.${Date.now()}@example.com`;
    await h.control('POST', '/members', { email, fullName: 'Before Start' });
    h.stack.idp?.addUser({ email });
    const start = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const hire = hrEvent('employee.hired', { email, id: 'E-BEFORE' }, { effectiveAt: start });
    const onboardingArn = await startOnboarding(h, hire);
    const runId = onboardingRunId(hire.id);
    await waitFor('the onboarding to claim the person', async () =>
      (await h.records.people.getProfile('E-BEFORE'))?.currentRunId === runId ? true : null,
    );

    // Effective after the start date (so not stale in HR order): the offboarding waits for it
    // after Begin Offboarding has stopped the onboarding.
    const leave = terminated(
      { email, employeeId: 'E-BEFORE' },
      { effectiveAt: new Date(Date.parse(start) + 86_400_000).toISOString() },
    );
    const closer = h.stack.runtime.host.ids().find((id) => id.startsWith('CloseStrandedRunFn')) ?? '';
    const closings = h.stack.runtime.host.invocationsEnded(closer);
    const offboardingArn = await startOffboarding(h, leave);
    try {
      expect((await waitForExecution(h, onboardingArn)).status).toBe('ABORTED');
      // The ABORTED event reaches Close Stranded Run, which must not call the run failed: the run
      // ends superseded and no failure is notified. (Locally Begin Offboarding records the
      // supersede before the watch reads the run; the other order, the watch first, is the unit
      // test's "leaves a run whose person a newer run took over".)
      const run = await waitFor('the onboarding run to end', async () => {
        const stored = await h.records.runs.getRun(runId);
        return stored?.status === 'running' ? null : stored;
      });
      await waitFor(
        'Close Stranded Run to handle the ABORTED onboarding',
        async () => h.stack.runtime.host.invocationsEnded(closer) > closings,
      );
      expect(run).toMatchObject({ status: 'superseded' });
      expect(await h.records.runs.getRun(runId)).toMatchObject({ status: 'superseded' });
      const audit = await h.records.audit.runAudit(runId);
      expect(audit.map(({ entry }) => entry.action)).not.toContain('close-stranded-run');
      const notices = await h.records.inbox.listNotifications({ limit: 1000, cursor: null });
      expect(notices.items.filter((n) => n.runId === runId && n.kind === 'run-failed')).toEqual([]);
    } finally {
      h.stack.runtime.executions.stop(offboardingArn);
    }
  });

  it('rehire restores SSO, reactivates the same Trello account and grants a seat again, never a new invite', async () => {
    const person = await employee();
    await offboard(terminated(person));
    const rehire = hrEvent('employee.rehired', { email: person.email, id: person.employeeId });
    const done = await waitForExecution(h, await startOnboarding(h, rehire));
    expect(done.status).toBe('SUCCEEDED');
    expect(await h.records.runs.getRun(onboardingRunId(rehire.id))).toMatchObject({
      status: 'succeeded',
      outcome: 'licensed',
    });
    expect(trello().member(person.memberId)).toMatchObject({ deactivated: false, licensed: true });
    expect(
      trello()
        .snapshot()
        .members.filter((m) => m.email === person.email),
    ).toHaveLength(1);
  });

  it('asks an admin to delete dashboard-only tokens, then counts them again', async () => {
    const person = await employee();
    await h.control('POST', '/tokens', { idMember: person.memberId, kind: 'power-up', identifier: 'Butler' });
    await h.control('POST', '/tokens', {
      idMember: person.memberId,
      kind: 'mobile-session',
      identifier: 'iPhone',
    });
    const detail = terminated(person);
    const arn = await startOffboarding(h, detail);
    const task = await pendingApproval(offboardingRunId(detail.id), 'delete-tokens');
    expect(task.question).toContain('Enterprise admin dashboard');

    await h.control('DELETE', `/members/${person.memberId}/tokens`);
    expect((await admin('POST', `/admin/approvals/${encodeURIComponent(task.id)}/approve`, {})).status).toBe(
      200,
    );
    expect((await waitForExecution(h, arn)).status).toBe('SUCCEEDED');
    const run = await h.records.runs.getRun(offboardingRunId(detail.id));
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'offboarded' });
    expect(run?.summary).toContain('confirmed: none left');
  });

  it('never claims tokens deleted when the admin declines: they are reported as remaining', async () => {
    const person = await employee();
    await h.control('POST', '/tokens', { idMember: person.memberId, kind: 'power-up' });
    const detail = terminated(person);
    const arn = await startOffboarding(h, detail);
    const task = await pendingApproval(offboardingRunId(detail.id), 'delete-tokens');
    await admin('POST', `/admin/approvals/${encodeURIComponent(task.id)}/reject`, { comment: 'legal hold' });
    await waitForExecution(h, arn);
    const run = await h.records.runs.getRun(offboardingRunId(detail.id));
    expect(run).toMatchObject({ status: 'succeeded-with-gaps', outcome: 'offboarded-with-gaps' });
    expect(run?.summary).toContain('1 Trello token(s) remain');
  });

  it('a second termination of someone already offboarded writes nothing to Trello or Okta', async () => {
    const person = await employee();
    await offboard(terminated(person));
    await h.control('POST', '/calls/reset');
    const oktaWrites = h.stack.idp?.stats().writes;
    const again = terminated(person, { occurredAt: new Date(Date.now() + 1000).toISOString() });
    const { run } = await offboard(again);
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'offboarded' });
    const calls = await h.control<{ successfulWrites: number }>('GET', '/calls');
    expect(calls.successfulWrites).toBe(0);
    expect(h.stack.idp?.stats().writes).toBe(oktaWrites);
  });

  it('a dry run walks every step, records the plan and changes nothing', async () => {
    const person = await employee();
    await h.control('POST', '/calls/reset');
    const oktaWrites = h.stack.idp?.stats().writes;
    const { run } = await offboard(terminated(person, { dryRun: true }));
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'dry-run', dryRun: true });
    expect(run?.steps.some((s) => s.result === 'planned' && s.step === 'deactivate-member')).toBe(true);
    expect((await h.control<{ successfulWrites: number }>('GET', '/calls')).successfulWrites).toBe(0);
    expect(h.stack.idp?.stats().writes).toBe(oktaWrites);
    expect(trello().member(person.memberId)?.deactivated).toBe(false);
  });

  it('never reports a leaver found in neither Trello nor the IdP as offboarded: a person must check how they get in', async () => {
    const ghost = { email: `ghost.${Date.now()}@example.com`, employeeId: 'E-GHOST' };
    const { run } = await offboard(terminated(ghost));
    // The IdP having no such user is a refused cut (a wrong email in HR would hide an account).
    expect(run).toMatchObject({ status: 'access-remains', outcome: 'access-remains' });
    expect(run?.cuts?.idp).toMatchObject({ state: 'refused' });
    expect(run?.summary).toContain('No Trello account');
    expect(run?.summary).toContain('has no user');
  });

  it('fails clearly when Trello refuses (AdminHub) and SSO could not be cut either', async () => {
    const email = `adminhub.${Date.now()}@example.com`;
    await h.control('POST', '/members', { email, fullName: 'Hub Person', licensed: true });
    await h.control('POST', '/enterprise', { adminHub: true });
    try {
      const { done, run } = await offboard(terminated({ email, employeeId: 'E-HUB' }));
      expect(done.status).toBe('FAILED');
      expect(run).toMatchObject({ status: 'access-remains', outcome: 'access-remains' });
      expect(run?.summary).toContain('Atlassian Administration');
    } finally {
      await h.control('POST', '/enterprise', { adminHub: false });
    }
  });

  it('converges with 20% 5xx/429 on Trello and Okta', async () => {
    const leavers = await Promise.all([1, 2, 3, 4, 5].map(() => employee()));
    await h.control('POST', '/faults', { seed: 7, serverErrorRate: 0.1, rateLimitRate: 0.1 });
    h.stack.idp?.setFaults({ rate: 0.2 });
    try {
      const runs = await Promise.all(leavers.map((p) => offboard(terminated(p))));
      for (const { run } of runs) {
        expect(run, run?.summary ?? '').toMatchObject({ status: 'succeeded', outcome: 'offboarded' });
      }
      for (const p of leavers) {
        expect(trello().member(p.memberId)?.deactivated).toBe(true);
        expect(okta(p.email)?.signInActive).toBe(false);
      }
      expect(h.stack.idp?.stats().faults).toBeGreaterThan(0);
    } finally {
      await h.control('DELETE', '/faults');
      h.stack.idp?.setFaults({ rate: 0 });
    }
  });
});
