/**
 * applyFixes (after the approval, or at once in auto mode): each open finding's fix through the
 * door that fix always uses — `offboard` and `onboard` as the HR event the HR path takes (from the
 * record, or from the HR export for a person only it knows), `reclaim` as the sweep's seat
 * revocation — started once, audited, its outcome on the finding; dropped and reported findings
 * are left alone. Records, Trello and the lifecycle bus in memory.
 */
import { describe, expect, it } from 'vitest';
import { TrelloRequestRejectedError } from '../../../../functions/core/errors.ts';
import { offboardingRunId, onboardingRunId } from '../../../../functions/core/lifecycle/run-ids.ts';
import { applyFixes, FIX_BATCH } from '../../../../functions/core/reconciliation/apply-fixes.ts';
import { driftFinding } from '../../../../functions/core/reconciliation/classify-drift.ts';
import type { ReconciliationFinding } from '../../../../functions/ports/records/reconciliations.ts';
import { aMember, anIdpUser, aProfile } from '../../../support/builders.ts';
import {
  aReconciliation,
  findingsOf,
  RECONCILIATION_ID,
  reconciliationDeps,
} from '../../../support/reconciliation-deps.ts';
import { auditOf, NOW } from '../../../support/run-builders.ts';

type Setup = Awaited<ReturnType<typeof reconciliationDeps>>;

async function prepare() {
  return reconciliationDeps({ reconciliation: aReconciliation('approve') });
}

const add = (setup: Setup, ...findings: ReconciliationFinding[]) =>
  setup.records.reconciliations.addFindings(RECONCILIATION_ID, findings, 'licensed:first');

const resultOf = async (setup: Setup, findingId: string) =>
  (await setup.records.reconciliations.listFindings(RECONCILIATION_ID, {})).items.find(
    (f) => f.findingId === findingId,
  )?.result;

/** A leaver Lanyard offboarded, still licensed in Trello. */
async function leaverStillLicensed(setup: Setup) {
  const person = await setup.records.people.putProfile(
    aProfile({ employeeId: 'E1', lifecycle: 'offboarded', trelloMemberId: 'm1' }),
    null,
  );
  const member = aMember({ memberId: 'm1', licensed: true });
  setup.trello.add(member);
  return driftFinding('leaver-in-trello', 'offboard', { person, member, idpUser: undefined, readAt: NOW });
}

describe('applyFixes', () => {
  it('reclaims the seat of an unknown licensed member, audited, the read-back on the finding', async () => {
    // Prepare
    const setup = await prepare();
    const member = aMember({ memberId: 'm-unknown', licensed: true });
    setup.trello.add(member);
    await add(
      setup,
      driftFinding('unknown-licensed', 'reclaim', { person: null, member, idpUser: undefined, readAt: NOW }),
    );
    // Act
    const applied = await applyFixes(setup.reconciliation, setup.deps);
    // Assess
    expect(applied).toEqual({ done: true, fixed: 1 });
    expect(setup.trello.writes).toEqual(['unlicense m-unknown']);
    expect(await findingsOf(setup.records)).toEqual(['unknown-licensed/reclaim/fixed m-unknown']);
    expect(await resultOf(setup, 'unknown-licensed:member-m-unknown')).toBe('seat revoked');
    expect(await auditOf(setup.records, setup.reconciliation.runId)).toEqual([
      ['reconciliation-fix-reclaim', 'begun'],
      ['reconciliation-fix-reclaim', 'succeeded'],
    ]);
    expect((await setup.records.reconciliations.getReconciliation(RECONCILIATION_ID))?.status).toBe('fixing');
  });

  it('reclaims the seat a deactivated member still holds', async () => {
    // Prepare
    const setup = await prepare();
    const person = await setup.records.people.putProfile(
      aProfile({ employeeId: 'E1', trelloMemberId: 'm1' }),
      null,
    );
    const member = aMember({ memberId: 'm1', licensed: true, deactivated: true });
    setup.trello.add(member);
    await add(
      setup,
      driftFinding('deactivated-holding-seat', 'reclaim', {
        person,
        member,
        idpUser: undefined,
        readAt: NOW,
      }),
    );
    // Act
    await applyFixes(setup.reconciliation, setup.deps);
    // Assess
    expect(setup.trello.writes).toEqual(['unlicense m1']);
    expect(await findingsOf(setup.records)).toEqual(['deactivated-holding-seat/reclaim/fixed E1']);
  });

  it('offboards a leaver still in Trello by the HR termination event, once', async () => {
    // Prepare
    const setup = await prepare();
    await add(setup, await leaverStillLicensed(setup));
    // Act
    await applyFixes(setup.reconciliation, setup.deps);
    // Assess
    const eventId = `reconciliation:${RECONCILIATION_ID}:offboard:E1`;
    expect(setup.published).toEqual([
      expect.objectContaining({
        id: eventId,
        type: 'employee.terminated',
        employee: expect.objectContaining({ id: 'E1', email: 'ana.lima@example.com' }),
        requestedBy: `reconciliation:${RECONCILIATION_ID}`,
        dryRun: false,
      }),
    ]);
    expect(await resultOf(setup, 'leaver-in-trello:E1')).toBe(
      `offboarding run ${offboardingRunId(eventId)} started`,
    );
    expect(setup.trello.writes).toEqual([]); // the offboarding run cuts access, not this step
  });

  it('starts one offboarding for two findings of one leaver (still licensed and still able to sign in)', async () => {
    // Prepare
    const setup = await prepare();
    const stillLicensed = await leaverStillLicensed(setup);
    const person = await setup.records.people.getProfile('E1');
    await add(
      setup,
      stillLicensed,
      driftFinding('leaver-can-sign-in', 'offboard', {
        person,
        sighting: null,
        idpUser: anIdpUser(),
        readAt: NOW,
      }),
    );
    // Act
    await applyFixes(setup.reconciliation, setup.deps);
    // Assess
    expect(setup.published).toHaveLength(1);
    expect(await findingsOf(setup.records)).toEqual([
      'leaver-can-sign-in/offboard/fixed E1',
      'leaver-in-trello/offboard/fixed E1',
    ]);
    const run = `offboarding run ${offboardingRunId(`reconciliation:${RECONCILIATION_ID}:offboard:E1`)}`;
    const results = [
      await resultOf(setup, 'leaver-in-trello:E1'),
      await resultOf(setup, 'leaver-can-sign-in:E1'),
    ];
    expect(results.sort()).toEqual([`${run} already started`, `${run} started`]);
  });

  it('onboards a hire never provisioned by the HR hire event, from the record', async () => {
    // Prepare
    const setup = await prepare();
    const person = await setup.records.people.putProfile(
      aProfile({ employeeId: 'E2', trelloMemberId: null }),
      null,
    );
    await add(
      setup,
      driftFinding('hire-not-provisioned', 'onboard', {
        person,
        sighting: null,
        idpUser: undefined,
        readAt: NOW,
      }),
    );
    // Act
    await applyFixes(setup.reconciliation, setup.deps);
    // Assess
    const eventId = `reconciliation:${RECONCILIATION_ID}:onboard:E2`;
    expect(setup.published).toEqual([
      expect.objectContaining({
        id: eventId,
        type: 'employee.hired',
        employee: expect.objectContaining({ id: 'E2' }),
      }),
    ]);
    expect(await resultOf(setup, 'hire-not-provisioned:E2')).toBe(
      `onboarding run ${onboardingRunId(eventId)} started`,
    );
  });

  it('onboards a hire only the HR export knows, from its row', async () => {
    // Prepare
    const setup = await prepare();
    const row = {
      line: 7,
      employeeId: 'E-hr',
      email: 'hr.only@example.com',
      fullName: 'Only In HR',
      department: null,
      status: 'active' as const,
      terminationDate: null,
      hireDate: null,
    };
    await add(
      setup,
      driftFinding('hire-not-provisioned', 'onboard', {
        person: null,
        hr: row,
        idpUser: undefined,
        readAt: NOW,
        trelloSays: 'not seen',
      }),
    );
    // Act
    await applyFixes(setup.reconciliation, setup.deps);
    // Assess
    expect(setup.published).toEqual([
      expect.objectContaining({
        type: 'employee.hired',
        employee: {
          id: 'E-hr',
          email: 'hr.only@example.com',
          fullName: 'Only In HR',
          department: null,
          managerEmail: null,
        },
      }),
    ]);
  });

  it('fails the fix of a person Lanyard no longer has a record of, starting nothing', async () => {
    // Prepare
    const setup = await prepare();
    const person = aProfile({ employeeId: 'E-gone' });
    await add(
      setup,
      driftFinding('hire-not-provisioned', 'onboard', {
        person,
        sighting: null,
        idpUser: undefined,
        readAt: NOW,
      }),
    );
    // Act
    const applied = await applyFixes(setup.reconciliation, setup.deps);
    // Assess
    expect(applied).toEqual({ done: true, fixed: 0 });
    expect(setup.published).toEqual([]);
    expect(await findingsOf(setup.records)).toEqual(['hire-not-provisioned/onboard/failed E-gone']);
    expect(await resultOf(setup, 'hire-not-provisioned:E-gone')).toBe(
      'Lanyard has no record of this person any more',
    );
  });

  it("fails a reclaim Trello refuses, with Trello's reason on the finding and the trail", async () => {
    // Prepare
    const setup = await prepare();
    const member = aMember({ memberId: 'm-unknown', licensed: true });
    setup.trello.add(member);
    setup.trello.refuse = new TrelloRequestRejectedError('Trello refused: member is managed elsewhere');
    await add(
      setup,
      driftFinding('unknown-licensed', 'reclaim', { person: null, member, idpUser: undefined, readAt: NOW }),
    );
    // Act
    await applyFixes(setup.reconciliation, setup.deps);
    // Assess
    expect(await findingsOf(setup.records)).toEqual(['unknown-licensed/reclaim/failed m-unknown']);
    expect(await resultOf(setup, 'unknown-licensed:member-m-unknown')).toMatch(/managed elsewhere/);
    expect(await auditOf(setup.records, setup.reconciliation.runId)).toEqual([
      ['reconciliation-fix-reclaim', 'begun'],
      ['reconciliation-fix-reclaim', 'failed'],
    ]);
  });

  it('leaves dropped and reported findings alone', async () => {
    // Prepare
    const setup = await prepare();
    const admin = aMember({ memberId: 'm-admin', licensed: true, enterpriseAdmin: true });
    const dropped = aMember({ memberId: 'm-kept', licensed: true });
    setup.trello.add(admin);
    setup.trello.add(dropped);
    await add(
      setup,
      driftFinding('unknown-licensed', 'none', {
        person: null,
        member: admin,
        idpUser: undefined,
        readAt: NOW,
      }),
      driftFinding('unknown-licensed', 'reclaim', {
        person: null,
        member: dropped,
        idpUser: undefined,
        readAt: NOW,
      }),
    );
    await setup.records.reconciliations.setFindingState(
      RECONCILIATION_ID,
      'unknown-licensed:member-m-kept',
      { state: 'dropped', result: 'left alone by it@example.com' },
      ['open'],
    );
    // Act
    const applied = await applyFixes(setup.reconciliation, setup.deps);
    // Assess
    expect(applied).toEqual({ done: true, fixed: 0 });
    expect(setup.trello.writes).toEqual([]);
    expect(await findingsOf(setup.records)).toEqual([
      'unknown-licensed/none/no-fix m-admin',
      'unknown-licensed/reclaim/dropped m-kept',
    ]);
  });

  it('fixes a batch per call and says when none is left open', async () => {
    // Prepare
    const setup = await prepare();
    const findings = Array.from({ length: FIX_BATCH + 1 }, (_, i) => {
      const member = aMember({ memberId: `m${i}`, licensed: true });
      setup.trello.add(member);
      return driftFinding('unknown-licensed', 'reclaim', {
        person: null,
        member,
        idpUser: undefined,
        readAt: NOW,
      });
    });
    await add(setup, ...findings);
    // Act
    const first = await applyFixes(setup.reconciliation, setup.deps);
    const second = await applyFixes(setup.reconciliation, setup.deps);
    // Assess
    expect(first).toEqual({ done: false, fixed: FIX_BATCH });
    expect(second).toEqual({ done: true, fixed: 1 });
    expect(setup.trello.writes).toHaveLength(FIX_BATCH + 1);
    expect((await setup.records.reconciliations.countFindings(RECONCILIATION_ID)).byState).toMatchObject({
      open: 0,
      fixed: FIX_BATCH + 1,
    });
  });
});
