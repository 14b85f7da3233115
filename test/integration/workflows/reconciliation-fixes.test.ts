/**
 * The onboarding and seat-reclaim fixes of drift reconciliation, end to end on the local stack
 * (synthesized ASL, real handlers, dynalite, the Trello simulator): each drift is made in the
 * simulator or the records, an approve-mode reconciliation finds it, and once the fix is approved
 * the run it starts closes it in Trello (the offboarding fix: reconciliation.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { reconciliationRunId } from '../../../functions/core/reconciliation/reconciliation-ids.ts';
import {
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
  runlessPerson,
} from '../../support/reconciliation-kit.ts';

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

const trello = () => h.stack.trello.state;

const approveReconciliation = () => reconcile(h, { mode: 'approve' }, (s) => s === 'waiting-approval');

describe('drift reconciliation fixes', () => {
  it('an approved fix onboards a hire never provisioned, and the hire then holds a seat in Trello', async () => {
    const hire = await runlessPerson(h, {
      employeeId: fresh('E-never'),
      email: freshEmail('never.provisioned'),
      lifecycle: 'active',
    });
    expect(trello().memberByEmail(hire.email)).toBeUndefined();

    const { id } = await approveReconciliation();
    const keep = `hire-not-provisioned:${hire.employeeId}`;
    expect((await findingsOf(h, id)).get(keep)).toMatchObject({ fix: 'onboard', state: 'open' });
    const run = await approveOnly(h, id, [keep]);

    expect(run.outcome).toBe('fixed');
    const onboarding = onboardingRunId(`reconciliation:${id}:onboard:${hire.employeeId}`);
    expect((await findingsOf(h, id)).get(keep)).toMatchObject({
      state: 'fixed',
      result: `onboarding run ${onboarding} started`,
    });
    expect(await ended(h, onboarding)).toMatchObject({ status: 'succeeded', outcome: 'invited' });
    const member = trello().memberByEmail(hire.email);
    expect(member).toMatchObject({ licensed: true, deactivated: false });
    // The run ends before its record is released (finish-onboarding.ts): wait for the record.
    await waitFor('the record of the provisioned hire', async () => {
      const profile = await h.records.people.getProfile(hire.employeeId);
      return profile?.lifecycle === 'active' && profile.trelloMemberId === member?.id;
    });
    const audit = (await h.records.audit.runAudit(reconciliationRunId(id))).map(
      (a) => `${a.entry.action} ${a.entry.result}`,
    );
    expect(audit).toContain('reconciliation-fix-onboard succeeded');
  });

  it('an approved fix gives an onboarded hire whose seat was taken by hand their seat back', async () => {
    const hire = await onboardedPerson(h, freshEmail('unseated.hire'));
    trello().setLicensed(hire.memberId, false);

    const { id } = await approveReconciliation();
    const keep = `hire-not-provisioned:${hire.employee.id}`;
    await approveOnly(h, id, [keep]);

    const onboarding = onboardingRunId(`reconciliation:${id}:onboard:${hire.employee.id}`);
    expect(await ended(h, onboarding)).toMatchObject({ status: 'succeeded' });
    expect(trello().member(hire.memberId)).toMatchObject({ licensed: true, deactivated: false });
  });

  it('approved fixes reclaim the seat of a deactivated member holding one and of a licensed member HR does not know', async () => {
    const unknown = await h.control<{ id: string }>('POST', '/members', {
      email: freshEmail('unknown.licensed'),
      fullName: 'Unknown Licensed',
      licensed: true,
    });
    // Trello's API cannot make this drift (a deactivation frees the seat), so it is written into
    // the simulator's state, as reconciliation.test.ts does.
    const seat = await h.control<{ id: string }>('POST', '/members', {
      email: freshEmail('deactivated.seat'),
      fullName: 'Deactivated Seat',
      licensed: true,
    });
    const seatRecord = trello().member(seat.id);
    if (seatRecord) seatRecord.deactivated = true;
    const bystander = await h.control<{ id: string }>('POST', '/members', {
      email: freshEmail('bystander'),
      fullName: 'Bystander',
      licensed: true,
    });
    const licensedBefore = trello().licensedCount;

    const { id } = await approveReconciliation();
    const keep = [`unknown-licensed:member-${unknown.id}`, `deactivated-holding-seat:member-${seat.id}`];
    await approveOnly(h, id, keep);

    const found = await findingsOf(h, id);
    for (const findingId of keep)
      expect(found.get(findingId)).toMatchObject({
        fix: 'reclaim',
        state: 'fixed',
        result: expect.stringMatching(/^seat revoked/),
      });
    expect(trello().member(unknown.id)?.licensed).toBe(false);
    expect(trello().member(seat.id)?.licensed).toBe(false);
    expect(trello().licensedCount).toBe(licensedBefore - 2);
    // A dropped fix (the bystander HR does not know either) changed nothing.
    expect(found.get(`unknown-licensed:member-${bystander.id}`)?.state).toBe('dropped');
    expect(trello().member(bystander.id)?.licensed).toBe(true);
    const audit = (await h.records.audit.runAudit(reconciliationRunId(id))).map(
      (a) => `${a.entry.action} ${a.entry.result}`,
    );
    expect(audit.filter((a) => a === 'reconciliation-fix-reclaim succeeded')).toHaveLength(2);
  });
});
