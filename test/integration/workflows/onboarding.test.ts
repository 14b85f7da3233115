/**
 * The synthesized onboarding ASL on the local runtime, against the Trello simulator and the local
 * DynamoDB-compatible server: every branch of the decision tree, seat exhaustion with approve and
 * reject (decided through the local SFN endpoint by the production adapter), wait-for-first-login,
 * dry run, and a re-run of a finished run that makes no Trello write.
 */
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigKeys } from '../../../functions/composition/config-keys.ts';
import { resetDependencies } from '../../../functions/composition/dependencies.ts';
import { DetailTypes, HR_EVENT_SOURCE } from '../../../functions/contracts/hr-event.ts';
import { decideApproval } from '../../../functions/core/approvals/decide-approval.ts';
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import {
  hrEvent,
  type StackHarness,
  startOnboarding,
  startStackHarness,
  systemClock,
  waitFor,
  waitForExecution,
} from '../../support/local-stack-harness.ts';

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({
    inMemory: true,
    waitTimeOverrides: { 'Wait For First Login': 20 },
    retryIntervalOverrides: { 'Verify Onboarding': 0 },
  });
}, 120_000);
afterAll(() => h?.close());
// The tiny preset keeps only two seats free; tests that do not exhaust seats on purpose get plenty.
beforeEach(async () => {
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
});

const sim = () => h.stack.trello.state;
const info = () => h.stack.trello.info();

async function addMember(body: Record<string, unknown>): Promise<{ id: string; email: string }> {
  return h.control('POST', '/members', body);
}

async function onboard(detail: ReturnType<typeof hrEvent>) {
  const arn = await startOnboarding(h, detail);
  const done = await waitForExecution(h, arn);
  const run = await h.records.runs.getRun(onboardingRunId(detail.id));
  return { arn, done, run, output: JSON.parse(done.output ?? '{}') as { finish?: { outcome: string } } };
}

async function auditFor(runId: string) {
  const { items } = await h.records.audit.listAudit({ since: '2000-01-01T00:00:00.000Z', limit: 1000 });
  return items.filter((a) => a.runId === runId);
}

describe('onboarding decision tree', () => {
  it.each([
    ['a free managed account gets a seat', { licensed: false }, 'licensed', ['grant-seat']],
    [
      'a deactivated account is reactivated, then granted',
      { deactivated: true },
      'licensed',
      ['reactivate-member', 'grant-seat'],
    ],
    ['a licensed member only gets missing Workspaces', { licensed: true }, 'licensed', ['add-to-workspace']],
  ])('%s', async (_name, state, outcome, actions) => {
    const email = `tree-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const member = await addMember({ email, fullName: 'Tree Person', ...state });
    const { done, run } = await onboard(hrEvent('employee.hired', { email, department: 'Design' }));
    expect(done.status).toBe('SUCCEEDED');
    expect(run).toMatchObject({ status: 'succeeded', outcome });
    const after = sim().member(member.id);
    expect(after).toMatchObject({ licensed: true, deactivated: false });
    const design = Object.entries(JSON.parse(h.stack.env[ConfigKeys.departmentWorkspaces] ?? '{}')).find(
      ([d]) => d === 'Design',
    )?.[1];
    expect(sim().organizationIdsOf(member.id)).toEqual(
      expect.arrayContaining([info().defaultWorkspaceId, design]),
    );
    const audit = await auditFor(run?.runId ?? '');
    expect(audit.map((a) => a.action).filter((a) => a !== 'add-to-workspace' || actions.includes(a))).toEqual(
      expect.arrayContaining(actions),
    );
    // Each change: a begun entry, then its succeeded outcome (append-only, never rewritten).
    expect(audit.every((a) => a.result === 'begun' || a.result === 'succeeded')).toBe(true);
    expect(audit.filter((a) => a.result === 'succeeded')).toHaveLength(audit.length / 2);
  });

  it('grants a seat to a board guest on an unclaimed domain', async () => {
    const board = await h.control<{ id: string }>('POST', '/boards', {
      name: 'Guest board',
      idOrganization: info().defaultWorkspaceId,
    });
    const guest = await addMember({
      email: 'guest.hire@partner.example.net',
      fullName: 'Guest Hire',
      boards: [{ idBoard: board.id, type: 'normal' }],
    });
    const { run } = await onboard(hrEvent('employee.hired', { email: 'guest.hire@partner.example.net' }));
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'licensed' });
    expect(sim().member(guest.id)?.licensed).toBe(true);
  });

  it('invites a person Trello does not know, once', async () => {
    const detail = hrEvent('employee.hired', { email: 'brand.new@example.com', fullName: 'Brand New' });
    const { run } = await onboard(detail);
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'invited' });
    const invited = sim().memberByEmail('brand.new@example.com');
    expect(invited).toMatchObject({ confirmed: false, licensed: true });
    expect(
      sim()
        .snapshot()
        .members.filter((m) => m.email === 'brand.new@example.com'),
    ).toHaveLength(1);
    expect(
      (await auditFor(run?.runId ?? ''))
        .filter((a) => a.action === 'invite-to-workspace')
        .map((a) => a.result),
    ).toEqual(['begun', 'succeeded']);
  });

  it('routes a hire put on the bus to the onboarding workflow', async () => {
    const detail = hrEvent('employee.hired', { email: 'via.bus@example.com', fullName: 'Via Bus' });
    const result = await h.events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: h.stack.busName,
            Source: HR_EVENT_SOURCE,
            DetailType: DetailTypes['employee.hired'],
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    const run = await waitFor('the run to finish', async () => {
      const r = await h.records.runs.getRun(onboardingRunId(detail.id));
      return r && r.status !== 'running' ? r : null;
    });
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'invited' });
  });
});

describe('seats exhausted', () => {
  async function exhaustSeats() {
    await h.control('POST', '/enterprise', { maxMembers: sim().licensedCount });
  }

  async function pendingApprovalOf(runId: string) {
    return waitFor('the seat approval', async () => {
      const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 100 });
      return items.find((a) => a.runId === runId);
    });
  }

  it('waits for an approval, then grants once seats were added', async () => {
    const email = 'needs.seat@example.com';
    const member = await addMember({ email, fullName: 'Needs Seat' });
    await exhaustSeats();
    const detail = hrEvent('employee.hired', { email });
    const arn = await startOnboarding(h, detail);
    const approval = await pendingApprovalOf(onboardingRunId(detail.id));
    expect(approval.question).toMatch(/No Trello Enterprise seat is free/);
    expect(JSON.stringify(approval)).not.toMatch(/token/i);

    await h.control('POST', '/enterprise', { maxMembers: sim().licensedCount + 5 });
    const decided = await decideApproval(
      {
        approvalId: approval.id,
        decision: 'approved',
        by: 'it.admin@example.com',
        comment: 'bought 5 seats',
      },
      { ...h.records, workflow: h.workflow, clock: systemClock },
    );
    expect(decided).toMatchObject({ status: 'approved', decidedBy: 'it.admin@example.com' });
    const done = await waitForExecution(h, arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(sim().member(member.id)?.licensed).toBe(true);
    expect(await h.records.runs.getRun(onboardingRunId(detail.id))).toMatchObject({
      status: 'succeeded',
      outcome: 'licensed',
    });
  });

  it('ends as not provisioned when the approval is rejected, and refuses a second decision', async () => {
    const email = 'rejected.hire@example.com';
    const member = await addMember({ email, fullName: 'Rejected Hire' });
    await exhaustSeats();
    const detail = hrEvent('employee.hired', { email });
    const arn = await startOnboarding(h, detail);
    const approval = await pendingApprovalOf(onboardingRunId(detail.id));
    const deps = { ...h.records, workflow: h.workflow, clock: systemClock };
    await expect(
      decideApproval({ approvalId: approval.id, decision: 'approved', by: email, comment: null }, deps),
    ).rejects.toThrow(/subject of approval/);
    await decideApproval(
      { approvalId: approval.id, decision: 'rejected', by: 'it.admin@example.com', comment: 'no budget' },
      deps,
    );
    const done = await waitForExecution(h, arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(sim().member(member.id)?.licensed).toBe(false);
    expect(await h.records.runs.getRun(onboardingRunId(detail.id))).toMatchObject({
      status: 'not-provisioned',
      outcome: 'not-provisioned:rejected',
    });
    await expect(
      decideApproval(
        { approvalId: approval.id, decision: 'approved', by: 'other.admin@example.com', comment: null },
        deps,
      ),
    ).rejects.toThrow(/already|rejected/);
  });
});

describe('wait-for-first-login', () => {
  it('waits until the person logs in once, then grants', async () => {
    process.env[ConfigKeys.newUserPolicy] = 'wait-for-first-login';
    resetDependencies();
    try {
      const email = 'late.login@example.com';
      const detail = hrEvent('employee.hired', { email, fullName: 'Late Login' });
      const arn = await startOnboarding(h, detail);
      await waitFor('a few polls', async () => {
        const run = await h.records.runs.getRun(onboardingRunId(detail.id));
        return run?.steps.some((s) => s.step === 'check-first-login');
      });
      expect(sim().memberByEmail(email)).toBeUndefined(); // no invite, no seat spent
      await h.control('POST', '/people/login', { email, fullName: 'Late Login' });
      const done = await waitForExecution(h, arn);
      expect(done.status).toBe('SUCCEEDED');
      expect(sim().memberByEmail(email)).toMatchObject({ licensed: true, confirmed: true });
    } finally {
      process.env[ConfigKeys.newUserPolicy] = 'invite';
      resetDependencies();
    }
  });
});

describe('dry run and re-runs', () => {
  it('walks the path and records the plan without a Trello write', async () => {
    const email = 'dry.run@example.com';
    await addMember({ email, fullName: 'Dry Run' });
    h.stack.trello.resetCalls();
    const { done, run } = await onboard(hrEvent('employee.hired', { email }, { dryRun: true }));
    expect(done.status).toBe('SUCCEEDED');
    expect(h.stack.trello.calls().writes).toBe(0);
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'dry-run', dryRun: true });
    expect(run?.steps.find((s) => s.step === 'grant-seat')).toMatchObject({ result: 'planned' });
    expect(sim().memberByEmail(email)?.licensed).toBe(false);
  });

  it('makes zero Trello writes when a finished run is started again', async () => {
    const email = 'rerun@example.com';
    await addMember({ email, fullName: 'Re Run' });
    const detail = hrEvent('employee.hired', { email });
    await onboard(detail);
    h.stack.trello.resetCalls();
    const again = await startOnboarding(h, detail, `again-${detail.id}`);
    const done = await waitForExecution(h, again);
    expect(done.status).toBe('SUCCEEDED');
    expect(h.stack.trello.calls().writes).toBe(0);
    expect(
      (await auditFor(onboardingRunId(detail.id)))
        .filter((a) => a.action === 'grant-seat')
        .map((a) => a.result),
    ).toEqual(['begun', 'succeeded']);
  });

  it('refuses a stale event: older in HR order than what was applied', async () => {
    const email = 'stale@example.com';
    await addMember({ email, fullName: 'Sta Le' });
    const newer = hrEvent(
      'employee.hired',
      { email, id: 'E-STALE' },
      { effectiveAt: '2026-11-20T00:00:00Z' },
    );
    await onboard(newer);
    h.stack.trello.resetCalls();
    const older = hrEvent(
      'employee.hired',
      { email, id: 'E-STALE' },
      { effectiveAt: '2026-11-01T00:00:00Z' },
    );
    const { run } = await onboard(older);
    expect(run).toMatchObject({ status: 'skipped', outcome: 'stale' });
    expect(h.stack.trello.calls().total).toBe(0);
  });
});
