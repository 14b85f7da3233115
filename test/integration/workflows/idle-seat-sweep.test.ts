/**
 * The idle-seat sweep end to end on the local stack (synthesized ASL, real handlers, dynalite,
 * the Trello simulator), started and steered through the admin API as an admin would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import {
  queuedHire,
  type StackHarness,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';
import { idleMember as idleMemberOf, startSweep, TEST_SWEEP_CONFIG } from '../../support/sweep-kit.ts';

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({
    inMemory: true,
    config: {
      sweep: { ...TEST_SWEEP_CONFIG, allowList: ['ceo@example.com'] },
    },
  });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

const trello = () => h.stack.trello.state;

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${h.stack.api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${h.stack.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    json: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}

const idleMember = (extra: Record<string, unknown> = {}, email?: string) => idleMemberOf(h, extra, email);
const sweep = (mode: 'report' | 'approve' | 'auto', until?: (status: string) => boolean) =>
  startSweep(h, mode, until);

const stateOf = async (sweepId: string, memberId: string) => {
  const { items } = await h.records.sweeps.listSweepMembers(sweepId, { limit: 1000 });
  return items.find((m) => m.memberId === memberId);
};

describe('idle-seat sweep', () => {
  it('report mode lists idle members with exemptions and changes nothing', async () => {
    const plain = await idleMember();
    const admin_ = await idleMember({ admin: true });
    const ceo = await idleMember({}, 'ceo@example.com');
    const onLeave = await idleMember();
    await h.records.people.putProfile(
      {
        employeeId: 'E-LEAVE',
        email: onLeave.email,
        fullName: 'On Leave',
        department: null,
        managerEmail: null,
        trelloMemberId: onLeave.id,
        lifecycle: 'active',
        onLeave: true,
        lastEvent: null,
        currentRunId: null,
        updatedAt: new Date().toISOString(),
      },
      null,
    );
    const newHire = await idleMember();
    await h.records.people.putProfile(
      {
        employeeId: 'E-NEW',
        email: newHire.email,
        fullName: 'New Hire',
        department: null,
        managerEmail: null,
        trelloMemberId: newHire.id,
        lifecycle: 'active',
        onLeave: false,
        currentRunId: null,
        lastEvent: {
          id: 'evt-new',
          type: 'employee.hired',
          effectiveAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
          occurredAt: new Date().toISOString(),
        },
        updatedAt: new Date().toISOString(),
      },
      null,
    );
    const active = await idleMember({ dateLastImpression: new Date().toISOString() });
    await h.control('POST', '/calls/reset');

    const { sweepId, run } = await sweep('report');
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'reported' });
    expect(await stateOf(sweepId, plain.id)).toMatchObject({ state: 'candidate' });
    expect(await stateOf(sweepId, admin_.id)).toMatchObject({ state: 'exempt', reason: 'Enterprise admin' });
    expect(await stateOf(sweepId, ceo.id)).toMatchObject({ state: 'exempt', reason: 'on the allow-list' });
    expect(await stateOf(sweepId, onLeave.id)).toMatchObject({ state: 'exempt', reason: 'on leave per HR' });
    expect(await stateOf(sweepId, newHire.id)).toMatchObject({
      state: 'exempt',
      reason: 'onboarded within the last 30 days',
    });
    expect(await stateOf(sweepId, active.id)).toBeUndefined();
    expect((await h.control<{ successfulWrites: number }>('GET', '/calls')).successfulWrites).toBe(0);
    expect(trello().member(plain.id)?.licensed).toBe(true);

    const view = await admin('GET', `/admin/sweeps/${sweepId}`);
    expect(view.json).toMatchObject({ status: 'finished', mode: 'report' });
    expect((view.json.counts as Record<string, number>).candidate).toBeGreaterThan(0);
    const csv = await admin('GET', `/admin/sweeps/${sweepId}?format=csv`);
    expect(csv.text.split('\n')[0]).toBe('memberId,email,fullName,lastActiveAt,state,reason');
    expect(csv.text).toContain(plain.email);
  });

  it('approve mode: one person dropped, someone who logged in meanwhile skipped, the rest reclaimed', async () => {
    const keep = await idleMember();
    const loggedIn = await idleMember();
    const reclaim = await idleMember();
    const seatsBefore = trello().licensedCount;
    const { sweepId } = await sweep('approve', (s) => s === 'waiting-approval' || s === 'running');
    const approval = await waitFor(
      'the sweep approval',
      async () => {
        const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 100 });
        return items.find((a) => a.runId === sweepRunId(sweepId));
      },
      60_000,
    );
    expect(approval.kind).toBe('sweep-reclaim');

    const dropped = await admin('POST', `/admin/sweeps/${sweepId}/drop`, {
      memberIds: [keep.id, 'no-such-member'],
    });
    expect(dropped.json).toEqual({ dropped: [keep.id], notCandidates: ['no-such-member'] });
    await h.control('POST', `/members/${loggedIn.id}/activity`, {});
    await h.control('POST', '/calls/reset');
    expect(
      (await admin('POST', `/admin/approvals/${encodeURIComponent(approval.id)}/approve`, {})).status,
    ).toBe(200);

    const run = await waitFor(
      'the reclaim',
      async () => {
        const r = await h.records.runs.getRun(sweepRunId(sweepId));
        return r?.status === 'succeeded' ? r : null;
      },
      60_000,
    );
    expect(run.outcome).toBe('reclaimed');
    expect(trello().member(keep.id)?.licensed).toBe(true);
    expect(trello().member(loggedIn.id)?.licensed).toBe(true);
    expect(trello().member(reclaim.id)?.licensed).toBe(false);
    expect(await stateOf(sweepId, keep.id)).toMatchObject({ state: 'dropped' });
    expect(await stateOf(sweepId, loggedIn.id)).toMatchObject({
      state: 'skipped',
      reason: expect.stringMatching(/active again/),
    });
    expect(await stateOf(sweepId, reclaim.id)).toMatchObject({ state: 'reclaimed' });
    // One write per reclaim, its answer the read-back; one re-listing page (fewer than 100 idle);
    // lookups (≤ 4 queries each) only for who left the listing: the member who logged in.
    const { items } = await h.records.sweeps.listSweepMembers(sweepId, { limit: 1000 });
    const calls = await h.control<{ byRoute: Record<string, { count: number }> }>('GET', '/calls');
    expect(calls.byRoute['PUT /1/enterprises/{id}/members/{idMember}/licensed']?.count).toBe(
      items.filter((m) => m.state === 'reclaimed').length,
    );
    expect(calls.byRoute['GET /1/enterprises/{id}/members/query']?.count).toBeLessThanOrEqual(1 + 4);
    const sweepRecord = await h.records.sweeps.getSweep(sweepId);
    expect(sweepRecord?.seatsAfter).toBeLessThan(seatsBefore);
    const audit = await h.records.audit.runAudit(sweepRunId(sweepId));
    expect(
      audit.some((a) => a.entry.action === 'reclaim-seat' && a.entry.target === `member:${reclaim.id}`),
    ).toBe(true);
    expect(audit.some((a) => a.entry.target === `member:${keep.id}`)).toBe(false);
    // One bulk status per member in the API: reclaimed → added, skipped → already-there, dropped → refused-by-policy.
    const view = await admin('GET', `/admin/sweeps/${sweepId}?limit=200`);
    const statusOf = (id: string) =>
      (view.json.members as Array<{ memberId: string; status: string | null }>).find((m) => m.memberId === id)
        ?.status;
    expect([statusOf(reclaim.id), statusOf(loggedIn.id), statusOf(keep.id)]).toEqual([
      'added',
      'already-there',
      'refused-by-policy',
    ]);
    expect((await admin('POST', `/admin/sweeps/${sweepId}/drop`, { memberIds: [reclaim.id] })).status).toBe(
      409,
    );
  });

  it('a rejected sweep reclaims nothing', async () => {
    const idle = await idleMember();
    const { sweepId } = await sweep('approve', (s) => s === 'waiting-approval' || s === 'running');
    const approval = await waitFor(
      'the sweep approval',
      async () => {
        const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 100 });
        return items.find((a) => a.runId === sweepRunId(sweepId));
      },
      60_000,
    );
    await admin('POST', `/admin/approvals/${encodeURIComponent(approval.id)}/reject`, {
      comment: 'not this quarter',
    });
    const run = await waitFor(
      'the end',
      async () => {
        const r = await h.records.runs.getRun(sweepRunId(sweepId));
        return r && r.status !== 'running' && r.status !== 'waiting-approval' ? r : null;
      },
      60_000,
    );
    expect(run).toMatchObject({ status: 'not-provisioned', outcome: 'rejected' });
    expect(trello().member(idle.id)?.licensed).toBe(true);
  });

  it('closes the seat loop: a sweep gives freed seats to queued onboardings in HR order', async () => {
    await sweep('auto'); // earlier tests' idle members are reclaimed first, so one seat is freed below
    const idle = await idleMember();
    await h.control('POST', '/enterprise', { maxMembers: trello().licensedCount });
    const hire = (name: string, daysAgo: number) => queuedHire(h, name, daysAgo);
    const later = await hire('later', 2); // asked first, starts later
    const earlier = await hire('earlier', 5);
    const seats = await admin('GET', '/admin/seats');
    expect((seats.json.queued as Array<{ approvalId: string }>).map((q) => q.approvalId)).toEqual([
      earlier.approval.id,
      later.approval.id,
    ]);

    const { run } = await sweep('auto');
    expect(run?.summary).toContain('1 queued onboarding(s) released');
    expect(trello().member(idle.id)?.licensed).toBe(false);
    await waitFor(
      'the earlier hire',
      async () => (await h.records.runs.getRun(earlier.runId))?.status === 'succeeded',
    );
    expect(trello().member(earlier.member.id)?.licensed).toBe(true);
    expect((await h.records.approvals.getApproval(later.approval.id))?.status).toBe('pending');

    await h.control('POST', '/enterprise', { maxMembers: trello().licensedCount + 1 });
    const released = await admin('POST', '/admin/seats/release', { reason: 'bought one seat' });
    expect(released.json).toEqual({ released: [later.approval.id], stillQueued: 0, retried: [] });
    await waitFor(
      'the later hire',
      async () => (await h.records.runs.getRun(later.runId))?.status === 'succeeded',
    );
    const audit = await h.records.audit.runAudit(later.runId);
    expect(audit.find((a) => a.entry.action === 'decide-approval')?.entry.actor).toBe('lanyard:seat-loop');
  });
});
