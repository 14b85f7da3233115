/**
 * planFixes (after the reading) and askFixApproval, and a report-mode reconciliation through the
 * core from reading to finish: `report` ends with the report whatever was
 * found; `approve` asks one approval for the open fixes; `auto` applies them at once within the
 * mass-change guard, and past it holds them for that same approval, audited. Records in memory.
 */
import { describe, expect, it } from 'vitest';
import type { ReconciliationMode } from '../../../../functions/core/model/reconciliation-vocabulary.ts';
import { askFixApproval } from '../../../../functions/core/reconciliation/ask-fix-approval.ts';
import { checkPeople } from '../../../../functions/core/reconciliation/check-people.ts';
import { driftFinding } from '../../../../functions/core/reconciliation/classify-drift.ts';
import { finishReconciliation } from '../../../../functions/core/reconciliation/finish-reconciliation.ts';
import { planFixes } from '../../../../functions/core/reconciliation/plan-fixes.ts';
import { readTrelloMembers } from '../../../../functions/core/reconciliation/read-trello-members.ts';
import { fixApprovalId } from '../../../../functions/core/reconciliation/reconciliation-ids.ts';
import { aMember, anIdpUser, aProfile } from '../../../support/builders.ts';
import {
  aReconciliation,
  RECONCILIATION_ID,
  reconciliationDeps,
} from '../../../support/reconciliation-deps.ts';
import { auditOf, NOW } from '../../../support/run-builders.ts';

/** `open` unknown licensed members (a reclaim each) and one Enterprise admin (no fix) found. */
async function found(mode: ReconciliationMode, open: number, options: { seatsBefore?: number } = {}) {
  const setup = await reconciliationDeps({ reconciliation: aReconciliation(mode), ...options });
  const member = (memberId: string, enterpriseAdmin = false) =>
    driftFinding('unknown-licensed', enterpriseAdmin ? 'none' : 'reclaim', {
      person: null,
      member: aMember({ memberId, licensed: true, enterpriseAdmin }),
      idpUser: undefined,
      readAt: NOW,
    });
  await setup.records.reconciliations.addFindings(
    RECONCILIATION_ID,
    [...Array.from({ length: open }, (_, i) => member(`m${i}`)), member('m-admin', true)],
    'licensed:m0',
  );
  return setup;
}

describe('planFixes', () => {
  it('ends a report with the report, counting nothing and changing nothing', async () => {
    // Prepare
    const { reconciliation, deps, trello } = await found('report', 3);
    // Act
    const plan = await planFixes(reconciliation, deps);
    // Assess
    expect(plan).toEqual({ next: 'report', fixes: null });
    expect(trello.writes).toEqual([]);
  });

  it('asks one approval for the open fixes of an approve-mode reconciliation', async () => {
    // Prepare
    const { reconciliation, deps } = await found('approve', 3);
    // Act
    const plan = await planFixes(reconciliation, deps);
    // Assess
    expect(plan).toEqual({ next: 'ask', fixes: 3 });
  });

  it.each(['approve', 'auto'] as const)(
    'ends %s mode with the report when there is nothing to fix',
    async (mode) => {
      // Prepare
      const { reconciliation, deps } = await found(mode, 0);
      // Act
      const plan = await planFixes(reconciliation, deps);
      // Assess
      expect(plan).toEqual({ next: 'report', fixes: 0 });
    },
  );

  it('applies the fixes of an auto reconciliation at once within the guard', async () => {
    // Prepare
    const { reconciliation, deps, records } = await found('auto', 3);
    // Act
    const plan = await planFixes(reconciliation, deps);
    // Assess
    expect(plan).toEqual({ next: 'fix', fixes: 3 });
    expect(await auditOf(records, reconciliation.runId)).toEqual([]);
  });

  it('holds the fixes of an auto reconciliation past the guard for an approval, and audits the hold', async () => {
    // Prepare: 5% of 40 seats is 2, raised to the guard's share floor of 10: 60 fixes are past it.
    const { reconciliation, deps, records } = await found('auto', 60, { seatsBefore: 40 });
    // Act
    const plan = await planFixes(reconciliation, deps);
    // Assess
    expect(plan).toEqual({ next: 'ask', fixes: 60 });
    expect(await auditOf(records, reconciliation.runId)).toEqual([
      ['hold-reconciliation-fixes', 'begun'],
      ['hold-reconciliation-fixes', 'succeeded'],
    ]);
  });
});

describe('a report, read to its end', () => {
  it('finds the drift, plans no fix and finishes without a write to Trello, the IdP or the bus', async () => {
    // Prepare
    const setup = await reconciliationDeps();
    await setup.deps.runs.createRun({
      runId: setup.reconciliation.runId,
      kind: 'reconciliation',
      employeeId: null,
      executionName: RECONCILIATION_ID,
      eventId: null,
      status: 'running',
      outcome: null,
      summary: 'reconciliation',
      dryRun: true,
      startedAt: NOW,
      finishedAt: null,
      steps: [],
    });
    setup.trello.add(aMember({ memberId: 'm-unknown', licensed: true }));
    await setup.records.people.putProfile(
      aProfile({ employeeId: 'E1', email: 'leaver@example.com', lifecycle: 'offboarded' }),
      null,
    );
    setup.idp.addUser(anIdpUser({ email: 'leaver@example.com' }));
    // Act
    const read = await readTrelloMembers(
      setup.reconciliation,
      { licensed: { cursor: null, done: false }, deactivated: { cursor: null, done: false } },
      setup.deps,
    );
    await checkPeople(setup.reconciliation, { pass: 'people', cursor: null }, setup.deps);
    const plan = await planFixes(setup.reconciliation, setup.deps);
    const end = await finishReconciliation(
      setup.reconciliation,
      { decision: plan.next as 'report' },
      setup.deps,
    );
    // Assess
    expect(read.done).toBe(true);
    expect(plan.next).toBe('report');
    expect(end).toEqual({ status: 'succeeded', outcome: 'reported', failed: false });
    expect((await setup.records.runs.getRun(setup.reconciliation.runId))?.summary).toBe(
      'Report only, nothing changed: 1 leaver-can-sign-in, 1 unknown-licensed',
    );
    expect(setup.trello.writes).toEqual([]);
    expect(setup.idp.deactivations).toEqual([]);
    expect(setup.published).toEqual([]);
  });
});

describe('askFixApproval', () => {
  it('asks once for the open fixes, naming how many, and marks the reconciliation awaiting approval', async () => {
    // Prepare
    const { reconciliation, deps, records } = await found('approve', 3);
    // Act
    const asked = await askFixApproval(reconciliation, 'task-token', deps);
    // Assess
    expect(asked).toEqual({ approvalId: fixApprovalId(RECONCILIATION_ID), status: 'pending' });
    const approval = await records.approvals.getApproval(fixApprovalId(RECONCILIATION_ID));
    expect(approval).toMatchObject({ kind: 'reconciliation-fix', subjectEmployeeId: null });
    expect(approval?.question).toMatch(/^Apply 3 fix\(es\) suggested by drift reconciliation recon-1/);
    expect((await records.reconciliations.getReconciliation(RECONCILIATION_ID))?.status).toBe(
      'awaiting-approval',
    );
  });

  it('says why when the guard held an auto reconciliation', async () => {
    // Prepare
    const { reconciliation, deps, records } = await found('auto', 60, { seatsBefore: 40 });
    // Act
    await askFixApproval(reconciliation, 'task-token', deps);
    // Assess
    const approval = await records.approvals.getApproval(fixApprovalId(RECONCILIATION_ID));
    expect(approval?.question).toMatch(/^Held by the mass-change guard: 60 fix\(es\)/);
  });
});
