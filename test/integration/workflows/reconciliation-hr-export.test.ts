/**
 * Drift reconciliation against an HR export, end to end on the local stack (admin API, synthesized
 * ASL, real handlers, dynalite, the Trello and Okta simulators): the export is refused whole when a
 * row is bad; given a good one, HR's truth finds what Lanyard's records cannot — a leaver per HR
 * still in Trello, a hire per HR never provisioned, a licensed member HR does not list — and an
 * approved fix onboards the hire only HR knows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import {
  adminRequest,
  onboardedPerson,
  type StackHarness,
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
} from '../../support/reconciliation-kit.ts';

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

const trello = () => h.stack.trello.state;

/** The HR export both tests send (filled by the first). */
const hr = {} as {
  csv: string;
  leaver: { employeeId: string; memberId: string };
  hire: { employeeId: string; email: string };
  unlisted: { employeeId: string; memberId: string };
  listedOnly: { memberId: string };
};

describe('drift reconciliation against an HR export', () => {
  it('refuses an export with a bad row, naming the row, and starts nothing', async () => {
    const before = await adminRequest(h, 'GET', '/admin/reconciliations?limit=100');
    const refused = await adminRequest(h, 'POST', '/admin/reconciliations', {
      mode: 'report',
      hrExport: 'employeeId,email,status\nE1,ana@example.com,active\nE2,bo@example.com,fired\n',
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: 'invalid-hr-export',
      rows: [
        { line: 3, problems: ['"fired" is not an employment status; write active, on-leave or terminated'] },
      ],
    });
    const after = await adminRequest(h, 'GET', '/admin/reconciliations?limit=100');
    expect(after.json.items).toEqual(before.json.items);
  });

  it("finds HR's leavers, hires and unknowns against Trello, with HR's word as evidence", async () => {
    // Lanyard onboarded all three; HR says the first left, and does not list the second.
    const leaver = await onboardedPerson(h, freshEmail('hr.leaver'));
    const unlisted = await onboardedPerson(h, freshEmail('hr.unlisted'));
    const kept = await onboardedPerson(h, freshEmail('hr.kept'));
    // A licensed member Lanyard has no record of, whom HR lists: HR knows them.
    const listedOnly = await h.control<{ id: string }>('POST', '/members', {
      email: freshEmail('hr.listed.only'),
      fullName: 'Listed Only',
      licensed: true,
    });
    const hire = { employeeId: fresh('E-hr-hire'), email: freshEmail('hr.hire') };
    hr.csv = [
      'employeeId,email,status,terminationDate,hireDate,fullName,department',
      `${leaver.employee.id},${leaver.employee.email.toUpperCase()},terminated,2026-11-30,,Hr Leaver,`,
      `${kept.employee.id},${kept.employee.email},active,,2026-01-05,Hr Kept,`,
      `${fresh('E-listed')},${freshEmail('hr.listed.only')},active,,,Listed Only,`,
      `${hire.employeeId},${hire.email},active,,2026-11-02,Hr Hire,Design`,
    ].join('\n');
    Object.assign(hr, {
      leaver: { employeeId: leaver.employee.id, memberId: leaver.memberId },
      hire,
      unlisted: { employeeId: unlisted.employee.id, memberId: unlisted.memberId },
      listedOnly: { memberId: listedOnly.id },
    });

    const { id, run } = await reconcile(h, { mode: 'report', hrExport: hr.csv });

    expect(run).toMatchObject({ status: 'succeeded', outcome: 'reported' });
    const view = await adminRequest(h, 'GET', `/admin/reconciliations/${id}?limit=1`);
    expect(view.json).toMatchObject({ hrExportRows: 4, status: 'finished' });
    const found = await findingsOf(h, id);
    expect(found.get(`leaver-in-trello:${hr.leaver.employeeId}`)).toMatchObject({
      fix: 'offboard',
      memberId: hr.leaver.memberId,
      evidence: {
        lanyardSays: expect.stringContaining('lifecycle active'),
        trelloSays: `member ${hr.leaver.memberId}: licensed, not deactivated`,
        hrSays: `line 2: ${hr.leaver.employeeId} terminated, termination date 2026-11-30`,
      },
    });
    expect(found.get(`hire-not-provisioned:${hire.employeeId}`)).toMatchObject({
      fix: 'onboard',
      employeeId: hire.employeeId,
      email: hire.email,
      fullName: 'Hr Hire',
      evidence: {
        lanyardSays: 'no people record (HR does not know this member)',
        trelloSays: "no member with this email on the Enterprise's licensed or deactivated members",
        hrSays: `line 5: ${hire.employeeId} active, hired 2026-11-02`,
      },
    });
    expect(found.get(`unknown-licensed:${hr.unlisted.employeeId}`)).toMatchObject({
      fix: 'reclaim',
      memberId: hr.unlisted.memberId,
      evidence: { hrSays: 'not in the HR export' },
    });
    // HR lists them, so neither the member Lanyard has no record of nor the kept employee is drift.
    expect(found.has(`unknown-licensed:member-${hr.listedOnly.memberId}`)).toBe(false);
    expect([...found.keys()].filter((k) => k.endsWith(`:${kept.employee.id}`))).toEqual([]);
    // Report only: the leaver HR named still holds their seat.
    expect(trello().member(hr.leaver.memberId)?.licensed).toBe(true);
  });

  it('an approved fix onboards the hire only HR knows, from the export', async () => {
    expect(hr.csv).toBeDefined();
    const { id } = await reconcile(h, { mode: 'approve', hrExport: hr.csv }, (s) => s === 'waiting-approval');
    const keep = `hire-not-provisioned:${hr.hire.employeeId}`;
    await approveOnly(h, id, [keep]);

    const onboarding = onboardingRunId(`reconciliation:${id}:onboard:${hr.hire.employeeId}`);
    expect(await ended(h, onboarding)).toMatchObject({ status: 'succeeded' });
    expect(trello().memberByEmail(hr.hire.email)).toMatchObject({ licensed: true });
    // The run ends before its record is released (finish-onboarding.ts): wait for the record.
    const profile = await waitFor('the record of the provisioned hire', async () => {
      const p = await h.records.people.getProfile(hr.hire.employeeId);
      return p?.lifecycle === 'active' ? p : null;
    });
    expect(profile).toMatchObject({ email: hr.hire.email, fullName: 'Hr Hire' });
  });
});
