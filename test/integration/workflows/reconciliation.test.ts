/**
 * Drift reconciliation end to end on the local stack (synthesized ASL, real handlers, dynalite,
 * the Trello and Okta simulators): every kind of drift is made in the simulators, a
 * reconciliation started through the admin API finds each one with its evidence and changes
 * nothing (report only) — people with no run among them; then an approved fix starts the
 * offboarding a leaver still licensed needs, which completes (the other fixes:
 * reconciliation-fixes.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { FindingKinds } from '../../../functions/core/model/reconciliation-vocabulary.ts';
import { reconciliationRunId } from '../../../functions/core/reconciliation/reconciliation-ids.ts';
import {
  adminRequest,
  hrEvent,
  onboardedPerson,
  type StackHarness,
  startOffboarding,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';
import {
  approveOnly,
  ended,
  findingsOf,
  fresh,
  freshEmail,
  reconcile,
  runlessPerson,
} from '../../support/reconciliation-kit.ts';

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

const trello = () => h.stack.trello.state;

/** Onboarded, then offboarded to the end: a leaver Lanyard's record says is gone. */
async function leaver(name: string) {
  const person = await onboardedPerson(h, freshEmail(name));
  const termination = hrEvent('employee.terminated', person.employee);
  await startOffboarding(h, termination);
  await waitFor(
    `the offboarding of ${name}`,
    async () => (await h.records.runs.getRun(offboardingRunId(termination.id)))?.status === 'succeeded',
    60_000,
  );
  return person;
}

/** Sets a user's Okta status by hand, as an admin in the Okta console would. */
async function setOktaStatus(address: string, status: 'ACTIVE' | 'SUSPENDED') {
  const response = await fetch(`${h.stack.idp?.url}/__control/okta/users/${encodeURIComponent(address)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status }),
  });
  expect(response.status).toBe(200);
}

/** The drift of each kind, made in the simulators (filled by the first test). */
const drift = {} as {
  licensedLeaver: { employeeId: string; memberId: string; email: string };
  signInLeaver: { employeeId: string; email: string };
  deactivatedSso: { memberId: string; email: string };
  unprovisionedHire: { employeeId: string; memberId: string };
  unknown: { memberId: string };
  deactivatedSeat: { memberId: string };
  runlessHire: { employeeId: string };
  runlessLeaver: { employeeId: string; email: string };
};

describe('drift reconciliation', () => {
  it('reports every kind of drift with its evidence and changes nothing in Trello or the IdP', async () => {
    // 1. A leaver whose Trello account someone reactivated and licensed again by hand.
    const licensedLeaver = await leaver('relicensed.leaver');
    trello().setDeactivated(licensedLeaver.memberId, false);
    trello().setLicensed(licensedLeaver.memberId, true);
    // 2. A leaver whom someone unsuspended in Okta.
    const signInLeaver = await leaver('unsuspended.leaver');
    await setOktaStatus(signInLeaver.employee.email, 'ACTIVE');
    // 3. A member deactivated in Trello (by hand, no record) whose SSO still works.
    const ssoEmail = freshEmail('deactivated.sso');
    const deactivatedSso = await h.control<{ id: string }>('POST', '/members', {
      email: ssoEmail,
      fullName: 'Deactivated Sso',
      deactivated: true,
    });
    h.stack.idp?.addUser({ email: ssoEmail });
    // 4. A hire onboarded, whose seat someone revoked by hand.
    const hire = await onboardedPerson(h, freshEmail('unseated.hire'));
    trello().setLicensed(hire.memberId, false);
    // 5. A licensed member HR does not know.
    const unknown = await h.control<{ id: string }>('POST', '/members', {
      email: freshEmail('unknown.licensed'),
      fullName: 'Unknown Licensed',
      licensed: true,
    });
    // 6. A deactivated member still holding a seat. Trello's API cannot make one (a deactivation
    // frees the seat; the simulator refuses both flags), so the drift is written into the
    // simulator's state directly. UNVERIFIED that Trello ever shows it; the members query would.
    const seat = await h.control<{ id: string }>('POST', '/members', {
      email: freshEmail('deactivated.seat'),
      fullName: 'Deactivated Seat',
      licensed: true,
    });
    const seatRecord = trello().member(seat.id);
    if (seatRecord) seatRecord.deactivated = true;
    // 7. People whose records no run wrote: a hire HR says is active, and a leaver Okta still knows.
    const runlessHire = await runlessPerson(h, {
      employeeId: fresh('E-runless-hire'),
      email: freshEmail('runless.hire'),
      lifecycle: 'active',
    });
    const runlessLeaver = await runlessPerson(h, {
      employeeId: fresh('E-runless-leaver'),
      email: freshEmail('runless.leaver'),
      lifecycle: 'offboarded',
    });
    h.stack.idp?.addUser({ email: runlessLeaver.email });
    Object.assign(drift, {
      licensedLeaver: {
        employeeId: licensedLeaver.employee.id,
        memberId: licensedLeaver.memberId,
        email: licensedLeaver.employee.email,
      },
      signInLeaver: { employeeId: signInLeaver.employee.id, email: signInLeaver.employee.email },
      deactivatedSso: { memberId: deactivatedSso.id, email: ssoEmail },
      unprovisionedHire: { employeeId: hire.employee.id, memberId: hire.memberId },
      unknown: { memberId: unknown.id },
      deactivatedSeat: { memberId: seat.id },
      runlessHire: { employeeId: runlessHire.employeeId },
      runlessLeaver: { employeeId: runlessLeaver.employeeId, email: runlessLeaver.email },
    });
    await h.control('POST', '/calls/reset');
    const idpWritesBefore = h.stack.idp?.stats().writes;
    const licensedBefore = trello().licensedCount;

    const { id, run } = await reconcile(h, { mode: 'report' });

    expect(run).toMatchObject({ kind: 'reconciliation', status: 'succeeded', outcome: 'reported' });
    const found = await findingsOf(h, id);
    expect(found.get(`leaver-in-trello:${drift.licensedLeaver.employeeId}`)).toMatchObject({
      fix: 'offboard',
      state: 'open',
      memberId: drift.licensedLeaver.memberId,
      evidence: {
        lanyardSays: expect.stringContaining('lifecycle offboarded'),
        trelloSays: expect.stringContaining('licensed, not deactivated'),
        readAt: expect.any(String),
      },
    });
    expect(found.get(`leaver-can-sign-in:${drift.signInLeaver.employeeId}`)).toMatchObject({
      fix: 'offboard',
      evidence: {
        lanyardSays: expect.stringContaining('lifecycle offboarded'),
        idpSays: expect.stringMatching(/ACTIVE: can sign in$/),
      },
    });
    expect(found.get(`deactivated-can-sign-in:member-${drift.deactivatedSso.memberId}`)).toMatchObject({
      fix: 'none',
      state: 'no-fix',
      email: drift.deactivatedSso.email,
      evidence: {
        lanyardSays: 'no people record (HR does not know this member)',
        trelloSays: expect.stringContaining('not licensed, deactivated'),
        idpSays: expect.stringContaining('can sign in'),
      },
    });
    expect(found.get(`hire-not-provisioned:${drift.unprovisionedHire.employeeId}`)).toMatchObject({
      fix: 'onboard',
      evidence: {
        lanyardSays: expect.stringContaining('lifecycle active'),
        trelloSays: expect.stringContaining('not licensed, deactivated'),
      },
    });
    expect(found.get(`unknown-licensed:member-${drift.unknown.memberId}`)).toMatchObject({
      fix: 'reclaim',
      evidence: { trelloSays: expect.stringContaining('licensed, not deactivated') },
    });
    expect(found.get(`deactivated-holding-seat:member-${drift.deactivatedSeat.memberId}`)).toMatchObject({
      fix: 'reclaim',
      evidence: { trelloSays: expect.stringContaining('licensed, deactivated') },
    });
    // People with no run are checked too (the people directory, not the runs, lists them).
    expect(found.get(`hire-not-provisioned:${drift.runlessHire.employeeId}`)).toMatchObject({
      fix: 'onboard',
      memberId: null,
      evidence: { trelloSays: "not on the Enterprise's licensed or deactivated members" },
    });
    expect(found.get(`leaver-can-sign-in:${drift.runlessLeaver.employeeId}`)).toMatchObject({
      fix: 'offboard',
      email: drift.runlessLeaver.email,
      evidence: { idpSays: expect.stringMatching(/can sign in$/) },
    });
    // The people in good standing are not findings.
    expect([...found.keys()].some((k) => k.endsWith(`:${drift.unprovisionedHire.memberId}`))).toBe(false);

    // Report only: not one write to Trello or the IdP.
    expect((await h.control<{ successfulWrites: number }>('GET', '/calls')).successfulWrites).toBe(0);
    expect(h.stack.idp?.stats().writes).toBe(idpWritesBefore);
    expect(trello().licensedCount).toBe(licensedBefore);
    expect(trello().member(drift.licensedLeaver.memberId)?.licensed).toBe(true);
    expect(h.stack.idp?.user(drift.signInLeaver.email)?.signInActive).toBe(true);

    // The API answers the same findings with their evidence, and the run and its audit are there.
    const view = await adminRequest(h, 'GET', `/admin/reconciliations/${id}?limit=200`);
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ status: 'finished', mode: 'report', runStatus: 'succeeded' });
    const counts = view.json.counts as { byKind: Record<string, number> };
    for (const kind of FindingKinds) expect(counts.byKind[kind]).toBeGreaterThan(0);
    const runs = await adminRequest(h, 'GET', '/admin/runs?limit=200');
    expect((runs.json.items as Array<{ runId: string }>).map((r) => r.runId)).toContain(
      reconciliationRunId(id),
    );
    const audit = (await h.records.audit.runAudit(reconciliationRunId(id))).map(
      (a) => `${a.entry.action} ${a.entry.result}`,
    );
    expect(audit).toEqual([
      'start-reconciliation begun',
      'start-reconciliation succeeded',
      'record-reconciliation-findings begun',
      'record-reconciliation-findings succeeded',
    ]);
  });

  it('with approval, starts the offboarding a leaver still licensed needs, and it completes', async () => {
    expect(drift.licensedLeaver).toBeDefined();
    const { id } = await reconcile(h, { mode: 'approve' }, (s) => s === 'waiting-approval');
    // Only the leaver's offboarding is approved: every other fix is dropped first.
    const keep = `leaver-in-trello:${drift.licensedLeaver.employeeId}`;
    const run = await approveOnly(h, id, [keep]);
    expect(run.outcome).toBe('fixed');
    const fixed = (await findingsOf(h, id)).get(keep);
    const offboarding = offboardingRunId(`reconciliation:${id}:offboard:${drift.licensedLeaver.employeeId}`);
    expect(fixed).toMatchObject({ state: 'fixed', result: `offboarding run ${offboarding} started` });
    const offboarded = await ended(h, offboarding);
    expect(offboarded.status).toBe('succeeded');
    expect(trello().member(drift.licensedLeaver.memberId)).toMatchObject({
      licensed: false,
      deactivated: true,
    });
    // The dropped fixes changed nothing.
    expect(trello().member(drift.unknown.memberId)?.licensed).toBe(true);
    const audit = (await h.records.audit.runAudit(reconciliationRunId(id))).map(
      (a) => `${a.entry.action} ${a.entry.result}`,
    );
    expect(audit).toContain('reconciliation-fix-offboard succeeded');
  });
});
