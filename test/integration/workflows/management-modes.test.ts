/**
 * The same workflows in both management modes of a Trello Enterprise, on the local stack: managed
 * by Trello itself, and managed in Atlassian Administration (AdminHub), where Trello refuses its
 * own revoke and deactivate and the seat and deactivation steps go to the Atlassian simulator
 * instead. Onboarding through the seat gate, offboarding with both cuts done before any human task,
 * an idle-seat sweep and a drift reconciliation's approved fix, each asserting what Trello (and in
 * AdminHub, Atlassian) ends up showing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decideApproval } from '../../../functions/core/approvals/decide-approval.ts';
import { offboardingRunId, onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import type { LocalTrelloMode } from '../../../infra/local/adminhub-link.ts';
import {
  adminRequest,
  hrEvent,
  type StackHarness,
  startOffboarding,
  startOnboarding,
  startStackHarness,
  systemClock,
  waitFor,
  waitForExecution,
} from '../../support/local-stack-harness.ts';
import { approveOnly, findingsOf, reconcile } from '../../support/reconciliation-kit.ts';
import { LONG_AGO, startSweep, TEST_SWEEP_CONFIG } from '../../support/sweep-kit.ts';

describe.each<LocalTrelloMode>(['trello', 'adminhub'])('an Enterprise managed in %s', (mode) => {
  let h: StackHarness;
  beforeAll(async () => {
    h = await startStackHarness({ inMemory: true, trelloMode: mode, config: { sweep: TEST_SWEEP_CONFIG } });
  }, 120_000);
  afterAll(() => h?.close());
  beforeEach(async () => {
    await h.control('POST', '/enterprise', { maxMembers: 10_000 });
  });

  const trello = () => h.stack.trello.state;
  const atlassian = () => h.stack.adminHub?.atlassian ?? null;
  let made = 0;
  /** A managed member Trello knows, who signs in through Okta and (AdminHub) has an Atlassian account. */
  async function person(extra: Record<string, unknown> = {}) {
    made += 1;
    const email = `${mode}.${made}.${Date.now()}@example.com`;
    const member = await h.control<{ id: string }>('POST', '/members', {
      email,
      fullName: `Person ${made}`,
      ...extra,
    });
    h.stack.idp?.addUser({ email });
    atlassian()?.addUser({ email });
    if (extra.licensed === true) atlassian()?.seedTrelloAccess(email);
    return { email, memberId: member.id, employeeId: `E-${mode}-${made}` };
  }
  const pending = (runId: string, kind?: string) =>
    waitFor(`an approval of ${runId}`, async () => {
      const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 200 });
      return items.find((a) => a.runId === runId && (kind === undefined || a.kind === kind));
    });

  it('onboards through the seat gate: waits for a seat, then grants it', async () => {
    const p = await person();
    await h.control('POST', '/enterprise', { maxMembers: trello().licensedCount });
    const detail = hrEvent('employee.hired', { email: p.email, id: p.employeeId });
    const arn = await startOnboarding(h, detail);
    const approval = await pending(onboardingRunId(detail.id));
    expect(approval.question).toMatch(/No Trello Enterprise seat is free/);
    expect(trello().member(p.memberId)?.licensed).toBe(false);

    await h.control('POST', '/enterprise', { maxMembers: trello().licensedCount + 1 });
    await decideApproval(
      { approvalId: approval.id, decision: 'approved', by: 'it.admin@example.com', comment: 'bought one' },
      { ...h.records, workflow: h.workflow, clock: systemClock },
    );
    expect((await waitForExecution(h, arn)).status).toBe('SUCCEEDED');
    expect(await h.records.runs.getRun(onboardingRunId(detail.id))).toMatchObject({
      status: 'succeeded',
      outcome: 'licensed',
    });
    expect(trello().member(p.memberId)).toMatchObject({ licensed: true, deactivated: false });
    if (mode === 'adminhub') expect(atlassian()?.inTrelloGroup(p.email)).toBe(true);
  });

  it('offboards cut-first: both access cuts are done while the tokens task still waits for a person', async () => {
    const p = await person({ licensed: true });
    await h.control('POST', '/tokens', { idMember: p.memberId, kind: 'power-up', identifier: 'Butler' });
    const seats = trello().licensedCount;
    const detail = hrEvent('employee.terminated', { email: p.email, id: p.employeeId });
    const arn = await startOffboarding(h, detail);
    const runId = offboardingRunId(detail.id);
    const task = await pending(runId, 'delete-tokens');

    const run = await h.records.runs.getRun(runId);
    expect(run?.cuts?.trello?.state).toBe('done');
    expect(run?.cuts?.idp?.state).toBe('done');
    expect(trello().member(p.memberId)).toMatchObject({ deactivated: true, licensed: false });
    expect(trello().licensedCount).toBe(seats - 1);
    expect(h.stack.idp?.user(p.email)?.signInActive).toBe(false);
    if (mode === 'adminhub') expect(atlassian()?.user(p.email)).toMatchObject({ status: 'suspended' });

    await h.control('DELETE', `/members/${p.memberId}/tokens`);
    const approved = await adminRequest(
      h,
      'POST',
      `/admin/approvals/${encodeURIComponent(task.id)}/approve`,
      {},
    );
    expect(approved.status).toBe(200);
    expect((await waitForExecution(h, arn, undefined, 60_000)).status).toBe('SUCCEEDED');
    expect(await h.records.runs.getRun(runId)).toMatchObject({ status: 'succeeded', outcome: 'offboarded' });
  });

  it('sweeps an idle seat: reclaimed and read back', async () => {
    const idle = await person({ licensed: true, dateLastImpression: LONG_AGO });
    const { run } = await startSweep(h, 'auto');
    expect(run.status).toBe('succeeded');
    expect(trello().member(idle.memberId)?.licensed).toBe(false);
    if (mode === 'adminhub') expect(atlassian()?.inTrelloGroup(idle.email)).toBe(false);
  });

  it('reconciles: an approved fix reclaims the seat of a licensed member HR does not know', async () => {
    const unknown = await person({ licensed: true });
    const seats = trello().licensedCount;
    const { id } = await reconcile(h, { mode: 'approve' }, (status) => status === 'waiting-approval');
    const finding = `unknown-licensed:member-${unknown.memberId}`;
    await approveOnly(h, id, [finding]);
    expect((await findingsOf(h, id)).get(finding)).toMatchObject({ fix: 'reclaim', state: 'fixed' });
    expect(trello().member(unknown.memberId)?.licensed).toBe(false);
    expect(trello().licensedCount).toBe(seats - 1);
    if (mode === 'adminhub') expect(atlassian()?.inTrelloGroup(unknown.email)).toBe(false);
  });
});
