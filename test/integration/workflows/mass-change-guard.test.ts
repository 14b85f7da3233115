/**
 * The mass-change guard on the local stack, default thresholds (50 terminations within 60 min):
 * 60 terminations at once → the first 50 run, 10 are held before any effect, with one
 * notification; discarding one department's held people leaves them untouched and says why in
 * the audit; releasing the rest runs them fail-closed, their cuts timed from the release; an
 * urgent termination past the limit bypasses the guard and is audited as such.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import {
  adminRequest,
  hrEvent,
  type StackHarness,
  startOffboarding,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';

const LEAVERS = 60;
const LIMIT = 50;

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({
    inMemory: true,
    // The deploy default: the harness turns the guard off for every other test.
    config: {
      massChangeGuard: {
        terminations: { maxCount: LIMIT, windowMinutes: 60, maxShare: 0.05, urgentMaxCount: 200 },
        reclaims: { maxCount: 100, maxShare: 0.05 },
      },
    },
    // The batch's opener waits this long before its one notification, so it counts the burst.
    waitTimeOverrides: { 'Let The Batch Settle': 15_000 },
    // Trello's rate windows (simulator and pacer together) at a tenth: the 50 admitted leavers make
    // ~500 Trello calls, a minute at the real 100 per 10 s, which this file is not about (the guard
    // counts terminations in HR time, not Trello calls); offboarding-burst.test.ts runs real windows.
    trelloTimeScale: 0.1,
  });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

interface Leaver {
  email: string;
  memberId: string;
  detail: ReturnType<typeof hrEvent>;
}

async function leaver(i: number, department: string, overrides = {}): Promise<Leaver> {
  const email = `guard${i}.${Date.now()}@example.com`;
  const member = await h.control<{ id: string }>('POST', '/members', {
    email,
    fullName: `Guard ${i}`,
    licensed: true,
  });
  h.stack.idp?.addUser({ email });
  return {
    email,
    memberId: member.id,
    detail: hrEvent('employee.terminated', { email, id: `E-GUARD-${i}`, department }, overrides),
  };
}

const runOf = (l: Leaver) => h.records.runs.getRun(offboardingRunId(l.detail.id));
const cutInTrello = (l: Leaver) => h.stack.trello.state.member(l.memberId)?.deactivated === true;

interface Quarantine {
  guard: string;
  batches: Array<{
    batchId: string;
    pending: number;
    byDepartment: Array<{ department: string; count: number }>;
    runs: Array<{ runId: string; decision: string; department: string | null }>;
  }>;
}

describe('60 terminations at once with the default guard', () => {
  const leavers: Leaver[] = [];
  let batchId = '';
  let heldRuns: string[] = [];
  let discarded: string[] = [];

  it('runs the first 50 and holds 10 before any effect, with one notification', async () => {
    for (let i = 0; i < LEAVERS; i++) leavers.push(await leaver(i, i % 2 === 0 ? 'Sales' : 'Ops'));
    await Promise.all(leavers.map((l) => startOffboarding(h, l.detail)));

    // 60 Begin Offboardings on a loaded 2-core machine: poll as long as the admitted ones may take.
    const quarantine = await waitFor(
      '10 terminations held',
      async () => {
        const q = (await adminRequest(h, 'GET', '/admin/quarantine')).json as unknown as Quarantine;
        return q.batches[0]?.pending === LEAVERS - LIMIT ? q : null;
      },
      300_000,
    );
    expect(quarantine.guard).toBe('on');
    const [batch] = quarantine.batches;
    batchId = batch?.batchId ?? '';
    await waitFor(
      'the 50 admitted to finish',
      async () => {
        const runs = await Promise.all(leavers.map(runOf));
        return runs.filter((r) => r?.status === 'succeeded').length === LIMIT;
      },
      300_000,
    );

    heldRuns = batch?.runs.map((r) => r.runId) ?? [];
    const held = new Set(heldRuns);
    for (const l of leavers) {
      const run = await runOf(l);
      if (held.has(run?.runId ?? '')) {
        expect(run?.status, l.email).toBe('waiting-approval');
        expect(run?.summary).toMatch(/past the mass-change guard's limit of 50/);
        expect(cutInTrello(l), l.email).toBe(false);
        expect(h.stack.idp?.user(l.email)?.signInActive ?? true).toBe(true);
        // Held before the lifecycle was claimed: the person's record is as HR last left it.
        expect((await h.records.people.getProfile(l.detail.employee.id))?.lifecycle).not.toBe('offboarding');
      } else {
        expect(run?.status, l.email).toBe('succeeded');
        expect(cutInTrello(l), l.email).toBe(true);
      }
    }
    const notice = await waitFor('the guard notification', async () => {
      const { items } = await h.records.inbox.listNotifications({ limit: 100 });
      const guard = items.filter((n) => n.title.startsWith('Mass-change guard'));
      return guard.length > 0 ? guard : null;
    });
    // One for the batch, whatever was held when it was sent.
    await new Promise((r) => setTimeout(r, 2_000));
    const { items } = await h.records.inbox.listNotifications({ limit: 100 });
    expect(items.filter((n) => n.title.startsWith('Mass-change guard'))).toHaveLength(1);
    expect(notice[0]?.title).toMatch(
      /^Mass-change guard: \d+ terminations held \(more than 50 within 60 min\)$/,
    );
    expect(notice[0]?.body).toMatch(/By department: .*(Sales|Ops) \d/);
    expect(notice[0]?.body).toMatch(/Usual rate: /);
  }, 400_000);

  it('discards one department: those are never applied, and the audit says why', async () => {
    const answer = await adminRequest(h, 'POST', `/admin/quarantine/${batchId}/discard`, {
      departments: ['ops'],
    });
    expect(answer.status).toBe(200);
    discarded = (answer.json as { decided: string[] }).decided;
    expect(discarded.length).toBeGreaterThan(0);
    for (const runId of discarded) {
      const run = await waitFor('the discarded run to end', async () => {
        const r = await h.records.runs.getRun(runId);
        return r?.status === 'skipped' ? r : null;
      });
      expect(run.outcome).toBe('discarded');
      expect(run.summary).toMatch(/Discarded from quarantine batch .* by admin@local/);
      const l = leavers.find((x) => offboardingRunId(x.detail.id) === runId) as Leaver;
      expect(l.detail.employee.department).toBe('Ops');
      expect(cutInTrello(l)).toBe(false);
      const detail = (await adminRequest(h, 'GET', `/admin/runs/${encodeURIComponent(runId)}`)).json as {
        audit: Array<{ action: string; actor: string; detail: string; result?: string }>;
      };
      expect(detail.audit.map((a) => a.action)).toContain('discard-from-quarantine');
      expect(detail.audit.find((a) => a.action === 'discard-from-quarantine')?.actor).toBe(
        'admin:admin@local',
      );
    }
    // A second decision on the same people changes nothing.
    const again = await adminRequest(h, 'POST', `/admin/quarantine/${batchId}/discard`, {
      departments: ['Ops'],
    });
    expect((again.json as { decided: string[] }).decided).toEqual([]);
  }, 120_000);

  it('releases the rest: they run fail-closed, their cuts timed from the release', async () => {
    const releasedAt = Date.now();
    const answer = await adminRequest(h, 'POST', `/admin/quarantine/${batchId}/release`, {});
    expect(answer.status).toBe(200);
    const released = (answer.json as { decided: string[]; remaining: number }).decided;
    expect((answer.json as { remaining: number }).remaining).toBe(0);
    expect(released.sort()).toEqual(heldRuns.filter((r) => !discarded.includes(r)).sort());
    for (const runId of released) {
      const run = await waitFor(
        'the released run to succeed',
        async () => {
          const r = await h.records.runs.getRun(runId);
          return r?.status === 'succeeded' ? r : null;
        },
        120_000,
      );
      const l = leavers.find((x) => offboardingRunId(x.detail.id) === runId) as Leaver;
      expect(l.detail.employee.department).toBe('Sales');
      expect(cutInTrello(l)).toBe(true);
      expect(h.stack.idp?.user(l.email)?.signInActive ?? false).toBe(false);
      expect(Date.parse(run.cuts?.trello?.dueAt ?? '')).toBeGreaterThanOrEqual(releasedAt - 1_000);
      expect(run.steps.find((s) => s.step === 'begin-offboarding')?.detail).toMatch(
        /^Released from quarantine by admin@local/,
      );
    }
  }, 200_000);

  it('lets an urgent termination past the limit through, and audits the bypass', async () => {
    const urgent = await leaver(LEAVERS, 'Sales', { urgent: true });
    await startOffboarding(h, urgent.detail);
    const run = await waitFor(
      'the urgent run to succeed',
      async () => {
        const r = await runOf(urgent);
        return r?.status === 'succeeded' ? r : null;
      },
      120_000,
    );
    expect(cutInTrello(urgent)).toBe(true);
    const detail = (await adminRequest(h, 'GET', `/admin/runs/${encodeURIComponent(run.runId)}`)).json as {
      audit: Array<{ action: string; detail: string }>;
    };
    expect(detail.audit.find((a) => a.action === 'bypass-mass-change-guard')?.detail).toMatch(
      /^Urgent: bypassed the mass-change guard as termination \d+ within 60 min/,
    );
  }, 150_000);
});
