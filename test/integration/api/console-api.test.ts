/**
 * The admin routes the console's overview, people search, sweeps and audit pages read, over HTTP
 * on the local stack (real handlers, dynalite, the local Step Functions runtime, the Trello and
 * Okta simulators): what each answers is checked against the records and the simulators.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overview } from '../../../functions/core/admin/overview.ts';
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
import { idleMember, startSweep, TEST_SWEEP_CONFIG } from '../../support/sweep-kit.ts';

let h: StackHarness;

beforeAll(async () => {
  h = await startStackHarness({ inMemory: true, config: { sweep: TEST_SWEEP_CONFIG } });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);

afterAll(() => h?.close());

const get = async <T>(path: string) => {
  const answer = await adminRequest(h, 'GET', path);
  return { status: answer.status, json: answer.json as T };
};

/** A hire who already has a Trello account, onboarded to the end. */
async function hired(id: string, fullName: string, email: string) {
  await h.control('POST', '/members', { email, fullName });
  const event = hrEvent('employee.hired', { email, fullName, id, department: 'Design' });
  await waitForExecution(h, await startOnboarding(h, event), undefined, 60_000);
  return event;
}

/** A licensed member who signs in through Okta, offboarded to the end. */
async function leaver(id: string, fullName: string, email: string) {
  await h.control('POST', '/members', { email, fullName, licensed: true });
  h.stack.idp?.addUser({ email });
  const event = hrEvent('employee.terminated', { email, fullName, id });
  await waitForExecution(h, await startOffboarding(h, event), undefined, 60_000);
  return event;
}

describe('GET /admin/people?q=', () => {
  beforeAll(async () => {
    await hired('E-SEARCH-1', 'Marta Quintela', 'marta.quintela@example.com');
    await hired('E-SEARCH-2', 'Martin Olsen', 'm.olsen@example.com');
  }, 120_000);

  type Found = { items: Array<Record<string, unknown>> };

  it('finds a person by email, by surname, by name prefix and by employee id', async () => {
    const byEmail = await get<Found>('/admin/people?q=marta.quintela%40example.com');
    expect(byEmail.status).toBe(200);
    expect(byEmail.json.items).toEqual([
      {
        employeeId: 'E-SEARCH-1',
        email: 'marta.quintela@example.com',
        fullName: 'Marta Quintela',
        department: 'Design',
        lifecycle: 'active',
      },
    ]);
    expect((await get<Found>('/admin/people?q=quint')).json.items.map((p) => p.employeeId)).toEqual([
      'E-SEARCH-1',
    ]);
    expect((await get<Found>('/admin/people?q=Mart')).json.items.map((p) => p.employeeId).sort()).toEqual([
      'E-SEARCH-1',
      'E-SEARCH-2',
    ]);
    expect((await get<Found>('/admin/people?q=E-SEARCH-2')).json.items.map((p) => p.email)).toEqual([
      'm.olsen@example.com',
    ]);
  });

  it('answers an empty list for nobody, and 400 without a query', async () => {
    expect((await get<Found>('/admin/people?q=nobody-like-this')).json.items).toEqual([]);
    const refused = await get<{ error: string; message: string }>('/admin/people?q=%20');
    expect(refused.status).toBe(400);
    expect(refused.json.message).toContain('q must name someone');
  });

  it('names the person next to the employee id in runs and the run page', async () => {
    const runs = await get<{ items: Array<{ employeeId: string; person: unknown }> }>(
      '/admin/runs?employeeId=E-SEARCH-1',
    );
    expect(runs.json.items[0]?.person).toEqual({
      fullName: 'Marta Quintela',
      email: 'marta.quintela@example.com',
    });
  });
});

describe('GET /admin/overview', () => {
  let offboarded: ReturnType<typeof hrEvent>;
  let queuedRunId: string;
  let sweepId: string;

  beforeAll(async () => {
    offboarded = await leaver('E-OV-LEAVER', 'Lea Verhoeven', 'overview.leaver@example.com');
    ({ sweepId } = await startSweep(h, 'report'));
    // Every seat taken: the next hire with a Trello account waits for one.
    await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount });
    await h.control('POST', '/members', { email: 'queued.hire@example.com', fullName: 'Queued Hire' });
    const hire = hrEvent('employee.hired', {
      email: 'queued.hire@example.com',
      fullName: 'Queued Hire',
      id: 'E-OV-Q',
    });
    await startOnboarding(h, hire);
    queuedRunId = onboardingRunId(hire.id);
    await waitFor(
      'the seat request',
      async () => (await h.records.runs.getRun(queuedRunId))?.status === 'waiting-approval',
    );
  }, 180_000);

  afterAll(async () => {
    await h.control('POST', '/enterprise', { maxMembers: 10_000 });
  });

  it('answers the seats as Trello counts them, with the queue and the day in the trend', async () => {
    const { status, json } = await get<Overview>('/admin/overview');
    expect(status).toBe(200);
    const trello = h.stack.trello.state;
    expect(json.seats).toMatchObject({
      total: trello.licensedCount,
      used: trello.licensedCount,
      available: 0,
    });
    expect(json.seats.queued).toBeGreaterThanOrEqual(1);
    expect(json.seats.trend.map((r) => r.day)).toContain(new Date().toISOString().slice(0, 10));
  });

  it('lists the approvals waiting oldest first, with their age and the person', async () => {
    const { json } = await get<Overview>('/admin/overview');
    const oldest = json.approvals.oldest;
    expect(json.approvals.waiting).toBe(oldest.length);
    expect(oldest.map((a) => a.createdAt)).toEqual([...oldest.map((a) => a.createdAt)].sort());
    expect(oldest.find((a) => a.runId === queuedRunId)).toMatchObject({
      subjectEmail: 'queued.hire@example.com',
      subjectName: 'Queued Hire',
      ageSeconds: expect.any(Number),
    });
  });

  it("counts the week's runs by status and kind, as the records hold them", async () => {
    const { json } = await get<Overview>('/admin/overview');
    const counts = json.runs.counts;
    const { items } = await h.records.runs.listRuns({ status: 'succeeded', limit: 1000 });
    const succeededOffboardings = items.filter((r) => r.kind === 'offboarding').length;
    expect(counts.find((c) => c.status === 'succeeded' && c.kind === 'offboarding')?.count).toBe(
      succeededOffboardings,
    );
    expect(counts.find((c) => c.status === 'waiting-approval' && c.kind === 'onboarding')?.count).toBe(1);
    expect(json.runs.complete).toBe(true);
  });

  it("shows the offboarding's time to cut for each access cut, against its SLO", async () => {
    const { json } = await get<Overview>('/admin/overview');
    const run = await h.records.runs.getRun(offboardingRunId(offboarded.id));
    const row = json.timeToCut.find((r) => r.runId === run?.runId);
    expect(row?.cuts).toEqual(
      expect.arrayContaining([
        {
          cut: 'trello',
          state: 'done',
          seconds: run?.cuts?.trello?.seconds,
          sloSeconds: run?.cuts?.trello?.sloSeconds,
          pastSlo: false,
        },
      ]),
    );
  });

  it('shows the last sweep with its idle seats by state, and the guard holding nobody', async () => {
    const { json } = await get<Overview>('/admin/overview');
    const sweep = await h.records.sweeps.getSweep(sweepId);
    expect(json.lastSweep).toMatchObject({ sweepId, mode: 'report', status: sweep?.status });
    expect(Object.keys(json.lastSweep?.counts ?? {})).toContain('candidate');
    expect(json.quarantine).toEqual({ guard: 'off', held: 0, batchId: null, openedAt: null });
  });
});

describe('sweeps', () => {
  it('lists sweeps newest first, and shows the approval of one awaiting it', async () => {
    await idleMember(h);
    const first = await startSweep(h, 'report');
    const second = await startSweep(h, 'approve', (s) => s === 'waiting-approval');
    const { status, json } = await get<{ items: Array<{ sweepId: string; mode: string }> }>('/admin/sweeps');
    expect(status).toBe(200);
    const ids = json.items.map((s) => s.sweepId);
    expect(ids.indexOf(second.sweepId)).toBeLessThan(ids.indexOf(first.sweepId));
    expect(json.items.find((s) => s.sweepId === second.sweepId)?.mode).toBe('approve');

    const sweep = await get<{ approval: { id: string; status: string; kind: string } | null }>(
      `/admin/sweeps/${second.sweepId}`,
    );
    expect(sweep.json.approval).toMatchObject({ kind: 'sweep-reclaim', status: 'pending' });
    const reported = await get<{ approval: unknown }>(`/admin/sweeps/${first.sweepId}`);
    expect(reported.json.approval).toBeNull();
    await adminRequest(
      h,
      'POST',
      `/admin/approvals/${encodeURIComponent(sweep.json.approval?.id ?? '')}/reject`,
      {},
    );
  });
});

describe('GET /admin/audit?order=newest', () => {
  type AuditPage = {
    items: Array<{ at: string; seq: number; action: string; employeeId: string | null; person: unknown }>;
    nextCursor: string | null;
  };

  it('lists entries newest first, pages without repeating one, and names the person', async () => {
    const all: AuditPage['items'] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ since: '2000-01-01', order: 'newest', limit: '7' });
      if (cursor) query.set('cursor', cursor);
      const { status, json } = await get<AuditPage>(`/admin/audit?${query}`);
      expect(status).toBe(200);
      all.push(...json.items);
      cursor = json.nextCursor;
    } while (cursor);
    const places = all.map((e) => `${e.at.slice(0, 10)}#${String(e.seq).padStart(9, '0')}`);
    expect(places).toEqual([...places].sort().reverse());
    expect(new Set(places).size).toBe(places.length);
    const oldestFirst = await h.records.audit.listAudit({ since: '2000-01-01', limit: 1000 });
    expect(all.length).toBe(oldestFirst.items.length);
    expect(all.find((e) => e.employeeId === 'E-OV-LEAVER')?.person).toEqual({
      fullName: 'Lea Verhoeven',
      email: 'overview.leaver@example.com',
    });
  });

  it('filters by person (employee id or email) and by action', async () => {
    const byEmail = await get<AuditPage>(
      '/admin/audit?since=2000-01-01&order=newest&limit=200&person=overview.leaver%40example.com',
    );
    const byId = await get<AuditPage>(
      '/admin/audit?since=2000-01-01&order=newest&limit=200&person=E-OV-LEAVER',
    );
    expect(byEmail.json.items.length).toBeGreaterThan(0);
    expect(byEmail.json.items.every((e) => e.employeeId === 'E-OV-LEAVER')).toBe(true);
    expect(byId.json.items).toEqual(byEmail.json.items);
    const decisions = await get<AuditPage>(
      '/admin/audit?since=2000-01-01&order=newest&limit=200&action=decide',
    );
    expect(decisions.json.items.length).toBeGreaterThan(0);
    expect(decisions.json.items.every((e) => e.action.includes('decide'))).toBe(true);
  });

  it('answers nothing for a range before any entry, and refuses filters on the oldest-first listing', async () => {
    const empty = await get<AuditPage>('/admin/audit?since=2000-01-01&until=2000-01-31&order=newest');
    expect(empty.json).toEqual({ items: [], nextCursor: null });
    const refused = await get<{ message: string }>('/admin/audit?since=2000-01-01&action=decide');
    expect(refused.status).toBe(400);
    expect(refused.json.message).toContain('add order=newest');
  });
});
