/**
 * Truthful run states, recoverable failures and single-use decisions, on the local stack (the
 * synthesized ASL, the real handlers, dynalite, the Trello and Okta simulators), driven through
 * the admin API as an admin would.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LifecycleEventDetail } from '../../../functions/contracts/hr-event.ts';
import { offboardingRunId, onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
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

/** An admin token that belongs to a subject of an approval, under a plus-address alias. */
const ALIAS_TOKEN = 'alias-admin-token-0123456789abcdef';
const SECOND_ADMIN_TOKEN = 'second-admin-token-0123456789abcdef';

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({
    inMemory: true,
    extraAdminTokens: [
      { who: 'Rita.Queue+it@example.com', token: ALIAS_TOKEN },
      { who: 'second.admin@example.com', token: SECOND_ADMIN_TOKEN },
    ],
  });
}, 120_000);
afterAll(() => h?.close());
beforeEach(async () => {
  await h.control('POST', '/enterprise', { maxMembers: 10_000, adminHub: false });
});

const admin = (method: string, path: string, body?: unknown) => adminRequest(h, method, path, body);
async function as(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${h.stack.api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const seatsFull = () => h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount });
const pendingSeatApproval = (runId: string) =>
  waitFor('the seat approval', async () => {
    const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 200 });
    return items.find((a) => a.runId === runId && a.kind === 'seats-exhausted');
  });
const runStatus = async (runId: string) => (await h.records.runs.getRun(runId))?.status;

describe('run states', () => {
  it('shows a run waiting for an admin as waiting-approval (listed by that status), and running again once decided', async () => {
    const email = `waiting.${Date.now()}@example.com`;
    await h.control('POST', '/members', { email, fullName: 'Rita Queue' });
    await seatsFull();
    const detail = hrEvent('employee.hired', { email, id: 'E-WAIT' });
    const arn = await startOnboarding(h, detail);
    const runId = onboardingRunId(detail.id);
    const approval = await pendingSeatApproval(runId);
    await waitFor('waiting-approval', async () => (await runStatus(runId)) === 'waiting-approval');
    const listed = await admin('GET', '/admin/runs?status=waiting-approval');
    expect((listed.json.items as Array<{ runId: string }>).map((r) => r.runId)).toContain(runId);

    await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount + 1 });
    expect(
      (await admin('POST', `/admin/approvals/${encodeURIComponent(approval.id)}/approve`, {})).status,
    ).toBe(200);
    expect((await waitForExecution(h, arn)).status).toBe('SUCCEEDED');
    expect(await runStatus(runId)).toBe('succeeded');
  });

  it('queues a hire Trello does not know when every seat is taken, and invites them once a seat is released', async () => {
    await seatsFull();
    const detail = hrEvent('employee.hired', {
      email: `newcomer.${Date.now()}@example.com`,
      id: 'E-NEWCOMER',
    });
    const arn = await startOnboarding(h, detail);
    const runId = onboardingRunId(detail.id);
    const approval = await pendingSeatApproval(runId);
    expect(approval.question).toContain('No Trello Enterprise seat is free');
    await waitFor('waiting-approval', async () => (await runStatus(runId)) === 'waiting-approval');

    await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount + 1 });
    const released = await admin('POST', '/admin/seats/release', { reason: 'bought one seat' });
    expect(released.status).toBe(200);
    expect(released.json.released).toContain(approval.id);
    expect((await waitForExecution(h, arn)).status).toBe('SUCCEEDED');
    expect(await h.records.runs.getRun(runId)).toMatchObject({ status: 'succeeded', outcome: 'invited' });
  });

  it('says so when it asks again: the approved retry still found no seat', async () => {
    const email = `reask.${Date.now()}@example.com`;
    await h.control('POST', '/members', { email, fullName: 'Re Ask' });
    await seatsFull();
    const detail = hrEvent('employee.hired', { email, id: 'E-REASK' });
    const arn = await startOnboarding(h, detail);
    const runId = onboardingRunId(detail.id);
    const first = await pendingSeatApproval(runId);
    await admin('POST', `/admin/approvals/${encodeURIComponent(first.id)}/approve`, { comment: 'go' });
    const second = await waitFor('the second ask', async () => {
      const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 200 });
      return items.find((a) => a.runId === runId && a.id !== first.id);
    });
    expect(second.question).toContain(`Asked again: approval ${first.id} was approved by admin@local`);
    // The approval is recorded before its notification goes out.
    const told = await waitFor('the notification of the second ask', async () => {
      const { items } = await h.records.inbox.listNotifications({ limit: 100 });
      return items.find((n) => n.approvalId === second.id);
    });
    expect(told.title).toContain('asked again');
    await admin('POST', `/admin/approvals/${encodeURIComponent(second.id)}/reject`, { comment: 'no budget' });
    await waitForExecution(h, arn);
  });
});

describe('single-use decisions by identity', () => {
  it('refuses the subject under a plus-address alias (403), and any second decision (409) whoever sends it', async () => {
    const email = 'rita.queue@example.com';
    await h.control('POST', '/members', { email, fullName: 'Rita Queue' });
    await seatsFull();
    const detail = hrEvent('employee.hired', { email, id: 'E-RITA' });
    const arn = await startOnboarding(h, detail);
    const approval = await pendingSeatApproval(onboardingRunId(detail.id));
    const path = `/admin/approvals/${encodeURIComponent(approval.id)}`;

    const self = await as(ALIAS_TOKEN, 'POST', `${path}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.json.message).toContain('subject');

    expect((await admin('POST', `${path}/reject`, { comment: 'no' })).status).toBe(200);
    const again = await admin('POST', `${path}/reject`, { comment: 'no, again' });
    expect(again.status).toBe(409);
    expect(again.json.message).toContain('already rejected by admin@local');
    expect((await as(SECOND_ADMIN_TOKEN, 'POST', `${path}/approve`, {})).status).toBe(409);
    expect((await waitForExecution(h, arn)).status).toBe('SUCCEEDED');
    expect(await runStatus(onboardingRunId(detail.id))).toBe('not-provisioned');
  });
});

describe('retrying a failed run', () => {
  async function refusedOffboarding(): Promise<{
    detail: LifecycleEventDetail;
    memberId: string;
    email: string;
  }> {
    const email = `retry.${Date.now()}@example.com`;
    const member = await h.control<{ id: string }>('POST', '/members', {
      email,
      fullName: 'Retry Me',
      licensed: true,
    });
    h.stack.idp?.addUser({ email });
    await h.control('POST', '/enterprise', { adminHub: true });
    const detail = hrEvent('employee.terminated', { email, id: `E-RETRY-${Date.now()}` });
    await waitForExecution(h, await startOffboarding(h, detail), undefined, 60_000);
    expect(await h.records.runs.getRun(offboardingRunId(detail.id))).toMatchObject({
      status: 'access-remains',
      outcome: 'access-remains',
    });
    await h.control('POST', '/enterprise', { adminHub: false });
    return { detail, memberId: member.id, email };
  }

  it('starts a failed offboarding again: it completes, and the failed attempt stays on the run', async () => {
    const { detail, memberId } = await refusedOffboarding();
    const runId = offboardingRunId(detail.id);
    const started = await admin('POST', `/admin/runs/${encodeURIComponent(runId)}/retry`);
    expect(started.status).toBe(202);
    const run = await waitFor(
      'the retried run',
      async () => {
        const r = await h.records.runs.getRun(runId);
        return r?.finishedAt ? r : null;
      },
      60_000,
    );
    expect(run).toMatchObject({
      status: 'succeeded',
      outcome: 'offboarded',
      executionName: started.json.executionName,
    });
    expect(h.stack.trello.state.member(memberId)).toMatchObject({ deactivated: true });
    expect(run.earlierAttempts).toHaveLength(1);
    expect(run.earlierAttempts?.[0]).toMatchObject({
      endedAs: 'access-remains (access-remains)',
      by: 'admin:admin@local',
    });
    expect(run.earlierAttempts?.[0]?.cuts?.trello).toMatchObject({ state: 'refused' });
    expect(run.cuts?.trello).toMatchObject({ state: 'done' });
    const audit = await h.records.audit.runAudit(runId);
    expect(audit.some((a) => a.entry.action === 'retry-run' && a.entry.actor === 'admin:admin@local')).toBe(
      true,
    );

    // It succeeded: a second retry is refused, saying why; an unknown run is 404.
    const again = await admin('POST', `/admin/runs/${encodeURIComponent(runId)}/retry`);
    expect(again.status).toBe(409);
    expect(again.json.message).toContain('ended succeeded, not failed');
    expect((await admin('POST', '/admin/runs/offboarding%3Anope/retry')).status).toBe(404);
  });

  it('starts it once when two admins retry at the same moment', async () => {
    const { detail } = await refusedOffboarding();
    const path = `/admin/runs/${encodeURIComponent(offboardingRunId(detail.id))}/retry`;
    const answers = await Promise.all([admin('POST', path), as(SECOND_ADMIN_TOKEN, 'POST', path)]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    await waitFor(
      'the retried run',
      async () => (await h.records.runs.getRun(offboardingRunId(detail.id)))?.finishedAt,
      60_000,
    );
    expect((await h.records.runs.getRun(offboardingRunId(detail.id)))?.earlierAttempts).toHaveLength(1);
  });
});
