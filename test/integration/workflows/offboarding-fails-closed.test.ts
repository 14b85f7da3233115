/**
 * Offboarding fails closed (DESIGN.md "Properties"): each access cut starts as soon as the run is
 * due, independently of the other cut and of every person, keeps trying through outages, is read
 * back, and is timed against the SLO. On the local stack: the synthesized ASL, the real handlers,
 * dynalite, the Trello simulator and the Okta simulator, with real retry waits except where a
 * test shortens the loop's wait by state name.
 */
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleEventDetail } from '../../../functions/contracts/hr-event.ts';
import { offboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { OffboardingStates as S } from '../../../workflows/offboarding/offboarding-states.ts';
import {
  adminRequest,
  hrEvent,
  type StackHarness,
  startOffboarding,
  startStackHarness,
  waitFor,
  waitForExecution,
} from '../../support/local-stack-harness.ts';

/**
 * The loop's wait between tries of a failing cut, shortened so an outage test takes its outage's
 * time (the local runtime's wait and retry overrides are in milliseconds).
 */
const LOOP_WAIT_MS = 2;
/** Begin Offboarding's own retries (about an hour on AWS) and its half-hourly retry, shortened alike. */
const BEGIN_RETRY_MS = 0;
/**
 * The urgent time-to-cut SLO of this file's stack (the deploy default is 60 s), scaled down like
 * the loop's wait: an outage makes an urgent cut late after 20 s instead of a minute, and the
 * lateness is the same to the steps that note it. Only the Trello outage test is urgent; the
 * others run against the 15-minute SLO.
 */
const URGENT_SLO_SECONDS = 20;

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({
    inMemory: true,
    config: {
      offboarding: {
        boardSuccessorFallback: null,
        idp: null, // the local stack names its IdP simulator here
        timeToCut: { sloMinutes: 15, urgentSloSeconds: URGENT_SLO_SECONDS, keepTryingHours: 24 },
      },
    },
    waitTimeOverrides: {
      [S.trelloCutLoop.wait]: LOOP_WAIT_MS,
      [S.idpCutLoop.wait]: LOOP_WAIT_MS,
      [S.beginWait]: BEGIN_RETRY_MS,
    },
    retryIntervalOverrides: { [S.begin]: BEGIN_RETRY_MS },
  });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

let people = 0;
async function employee() {
  people += 1;
  const email = `closed${people}.${Math.random().toString(36).slice(2, 6)}@example.com`;
  const member = await h.control<{ id: string }>('POST', '/members', {
    email,
    fullName: `Closed ${people}`,
    licensed: true,
  });
  h.stack.idp?.addUser({ email });
  return { email, memberId: member.id, employeeId: `E-CLOSED-${people}` };
}

function terminated(
  person: { email: string; employeeId: string },
  overrides: Partial<LifecycleEventDetail> = {},
) {
  return hrEvent('employee.terminated', { email: person.email, id: person.employeeId }, overrides);
}

const okta = (email: string) => h.stack.idp?.user(email);
const trelloMember = (id: string) => h.stack.trello.state.member(id);
const runOf = (detail: LifecycleEventDetail) => h.records.runs.getRun(offboardingRunId(detail.id));

const admin = (method: string, path: string, body?: unknown) => adminRequest(h, method, path, body);

async function notificationsAbout(runId: string) {
  const { items } = await h.records.inbox.listNotifications({ limit: 200 });
  return items.filter((n) => n.runId === runId);
}

describe('offboarding fails closed', () => {
  it('cuts the IdP sign-in and the Trello seat while the token task still waits for an admin', async () => {
    const person = await employee();
    await h.control('POST', '/tokens', { idMember: person.memberId, kind: 'power-up', identifier: 'Butler' });
    const detail = terminated(person);
    const arn = await startOffboarding(h, detail);
    const task = await waitFor('the delete-tokens task', async () => {
      const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 200 });
      return items.find((a) => a.runId === offboardingRunId(detail.id) && a.kind === 'delete-tokens');
    });

    // The human task is pending, and access is already gone — both cuts read back and timed.
    expect(task.status).toBe('pending');
    expect(okta(person.email)).toMatchObject({ signInActive: false, activeSessions: 0 });
    expect(trelloMember(person.memberId)).toMatchObject({ deactivated: true, licensed: false });
    const run = await runOf(detail);
    expect(run?.cuts?.idp).toMatchObject({ state: 'done', attempts: 0, lateNotifiedAt: null });
    expect(run?.cuts?.trello).toMatchObject({ state: 'done', attempts: 0 });
    expect(run?.cuts?.idp?.seconds).toBeGreaterThanOrEqual(0);
    expect(run?.cuts?.idp?.seconds).toBeLessThanOrEqual(run?.cuts?.idp?.sloSeconds ?? 0);

    await admin('POST', `/admin/approvals/${encodeURIComponent(task.id)}/reject`, { comment: 'later' });
    expect((await waitForExecution(h, arn)).status).toBe('SUCCEEDED');
  });

  it('keeps trying Begin Offboarding past its own retries when its Lambda cannot run, then cuts both accesses', async () => {
    const person = await employee();
    const begin = h.stack.runtime.host.ids().find((id) => id.startsWith('BeginOffboarding'));
    if (!begin) throw new Error('no Begin Offboarding function in the local stack');
    // Every attempt of Begin's first entry (the first try and its 60 retries) and 5 of the next are
    // refused, as on an account whose concurrency a burst has used up.
    const attemptsPerEntry = 61;
    h.stack.runtime.host.throttle(begin, attemptsPerEntry + 5);
    const detail = terminated(person);
    const arn = await startOffboarding(h, detail);

    await waitFor('both cuts', async () => {
      const run = await runOf(detail);
      return run?.cuts?.idp?.state === 'done' && run?.cuts?.trello?.state === 'done' ? run : undefined;
    });
    expect(okta(person.email)).toMatchObject({ signInActive: false });
    expect(trelloMember(person.memberId)).toMatchObject({ deactivated: true, licensed: false });
    const history = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }));
    const entered = (history.events ?? []).flatMap((e) =>
      e.type === 'WaitStateEntered' ? [e.stateEnteredEventDetails?.name] : [],
    );
    expect(entered.filter((name) => name === S.beginWait)).toHaveLength(1);
    expect((await waitForExecution(h, arn)).status).toBe('SUCCEEDED');
  });

  it('a Trello write outage past the SLO delays only the Trello cut, which completes after recovery; admins hear once it is late', async () => {
    const person = await employee();
    // Every write Trello gets answers 503 until the outage ends; reads still work.
    await h.control('POST', '/faults', {
      serverErrorRate: 1,
      serverErrorStatuses: [503],
      match: { method: 'PUT' },
    });
    let outageEnd = 0;
    // Urgent: the SLO is URGENT_SLO_SECONDS, so the outage makes this cut late and admins must hear of it.
    const detail = terminated(person, { urgent: true });
    const arn = await startOffboarding(h, detail);
    try {
      const cutSoFar = await waitFor(
        'the IdP cut while Trello is down',
        async () => {
          const run = await runOf(detail);
          return run?.cuts?.idp?.state === 'done' && (run.cuts.trello?.attempts ?? 0) >= 2 ? run : null;
        },
        60_000,
      );
      expect(okta(person.email)).toMatchObject({ signInActive: false, activeSessions: 0 });
      expect(trelloMember(person.memberId)?.deactivated).toBe(false);
      expect(cutSoFar.cuts?.trello).toMatchObject({ state: 'trying' });
      expect(cutSoFar.cuts?.trello?.lastError).toContain('TrelloUnavailableError');
      expect(cutSoFar.status).toBe('running');

      // The cut goes past its SLO while Trello is still down: one notification says so.
      const late = await waitFor(
        'the late-cut notification',
        async () =>
          (await notificationsAbout(offboardingRunId(detail.id))).find((n) => n.title.includes('past its')),
        90_000,
      );
      expect(late.title).toContain('Trello deactivation');
      expect(late.body).toContain('keeps trying');
      // The outage lasts (polled, not timed) until the cut has failed at least three tries and
      // one more after the notification, so "told once" covers a late try that told nobody.
      const triesWhenTold = (await runOf(detail))?.cuts?.trello?.attempts ?? 0;
      await waitFor(
        'another failed try of the late Trello cut',
        async () => ((await runOf(detail))?.cuts?.trello?.attempts ?? 0) >= Math.max(3, triesWhenTold + 1),
        120_000,
      );
      expect(trelloMember(person.memberId)?.deactivated).toBe(false);
    } finally {
      outageEnd = Date.now();
      await h.control('DELETE', '/faults');
    }

    const done = await waitForExecution(h, arn, undefined, 60_000);
    expect(done.status).toBe('SUCCEEDED');
    const run = await runOf(detail);
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'offboarded' });
    expect(trelloMember(person.memberId)).toMatchObject({ deactivated: true });
    expect(run?.cuts?.trello?.state).toBe('done');
    // Read back only after the outage ended: timed from due across the whole outage, and late.
    const outageSecondsSinceDue = Math.floor((outageEnd - Date.parse(run?.cuts?.trello?.dueAt ?? '')) / 1000);
    expect(run?.cuts?.trello?.seconds).toBeGreaterThanOrEqual(outageSecondsSinceDue);
    expect(run?.cuts?.trello?.seconds).toBeGreaterThan(URGENT_SLO_SECONDS);
    expect(run?.cuts?.trello?.attempts).toBeGreaterThanOrEqual(3);
    expect(run?.cuts?.idp?.seconds).toBeLessThan(run?.cuts?.trello?.seconds ?? 0);
    // Told once, not once per try.
    const told = (await notificationsAbout(offboardingRunId(detail.id))).filter((n) =>
      n.title.includes('past its'),
    );
    expect(told).toHaveLength(1);
  }, 300_000);

  it('an IdP outage delays only the IdP cut, which completes after recovery', async () => {
    const person = await employee();
    h.stack.idp?.setFaults({ rate: 1, kinds: ['server'] });
    const detail = terminated(person);
    const arn = await startOffboarding(h, detail);
    try {
      await waitFor(
        'the Trello cut while the IdP is down',
        async () => {
          const run = await runOf(detail);
          return run?.cuts?.trello?.state === 'done' && (run.cuts.idp?.attempts ?? 0) >= 2 ? run : null;
        },
        60_000,
      );
      expect(trelloMember(person.memberId)).toMatchObject({ deactivated: true });
      expect(okta(person.email)?.signInActive).toBe(true);
    } finally {
      h.stack.idp?.setFaults({ rate: 0 });
    }
    expect((await waitForExecution(h, arn, undefined, 60_000)).status).toBe('SUCCEEDED');
    expect(okta(person.email)).toMatchObject({ signInActive: false, activeSessions: 0 });
    const run = await runOf(detail);
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'offboarded' });
    expect(run?.cuts?.idp).toMatchObject({ state: 'done' });
    expect(run?.cuts?.idp?.lastError).toContain('IdpUnavailableError');
  }, 180_000);

  it('records a refused cut (AdminHub) as access-remains while the IdP cut still happens', async () => {
    const person = await employee();
    await h.control('POST', '/enterprise', { adminHub: true });
    try {
      const detail = terminated(person);
      const done = await waitForExecution(h, await startOffboarding(h, detail), undefined, 60_000);
      expect(done.status).toBe('FAILED');
      const run = await runOf(detail);
      expect(run).toMatchObject({ status: 'access-remains', outcome: 'access-remains' });
      expect(run?.cuts?.trello).toMatchObject({ state: 'refused' });
      expect(run?.cuts?.idp).toMatchObject({ state: 'done' });
      expect(okta(person.email)?.signInActive).toBe(false);
    } finally {
      await h.control('POST', '/enterprise', { adminHub: false });
    }
  });
});
