/**
 * finishReconciliation: the findings tallied, the reconciliation and its run closed, the counts on
 * the audit trail, open approvals withdrawn, admins told. Records in memory; the notifier records.
 */
import { describe, expect, it } from 'vitest';
import { ErrorNames } from '../../../../functions/core/errors.ts';
import { finishReconciliation } from '../../../../functions/core/reconciliation/finish-reconciliation.ts';
import type { ReconciliationContext } from '../../../../functions/core/reconciliation/reconciliation-deps.ts';
import type { ReconciliationFinding } from '../../../../functions/ports/records/reconciliations.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { RecordingNotifier } from '../../../support/fakes/recording-notifier.ts';
import { aRunContext, aRunRecordOf, aSeatApproval, fixedClock, NOW } from '../../../support/run-builders.ts';

const RECONCILIATION: ReconciliationContext = {
  reconciliationId: 'recon-1',
  runId: 'reconciliation:recon-1',
  mode: 'report',
  requestedBy: 'admin:it@example.com',
  hrExportRows: null,
};

const finding = (subject: string, state: ReconciliationFinding['state']): ReconciliationFinding => ({
  findingId: `leaver-in-trello:${subject}`,
  kind: 'leaver-in-trello',
  employeeId: subject,
  memberId: `tm-${subject}`,
  email: null,
  fullName: null,
  evidence: { lanyardSays: 'offboarded', trelloSays: 'licensed', idpSays: null, hrSays: null, readAt: NOW },
  fix: 'offboard',
  state,
  result: null,
});

async function prepare() {
  const records = inMemoryRecords(() => new Date(NOW));
  const notifier = new RecordingNotifier();
  const run = aRunContext({ runId: RECONCILIATION.runId, executionName: 'recon-1' });
  await records.runs.createRun(aRunRecordOf(run, 'reconciliation', 'recon-1'));
  await records.reconciliations.createReconciliation({
    reconciliationId: 'recon-1',
    mode: 'report',
    requestedBy: RECONCILIATION.requestedBy,
    status: 'reading',
    startedAt: NOW,
    finishedAt: null,
    seatsBefore: 40,
    hrExportRows: null,
  });
  await records.reconciliations.addFindings(
    'recon-1',
    [finding('E1', 'open'), finding('E2', 'fixed')],
    'page-1',
  );
  return { records, notifier, deps: { ...records, notifier, clock: fixedClock() } };
}

describe('finishReconciliation', () => {
  it('closes a report-only run saying nothing changed, with the counts on the audit trail', async () => {
    // Prepare
    const { records, notifier, deps } = await prepare();
    // Act
    const end = await finishReconciliation(RECONCILIATION, { decision: 'report' }, deps);
    // Assess
    expect(end).toEqual({ status: 'succeeded', outcome: 'reported', failed: false });
    expect(await records.reconciliations.getReconciliation('recon-1')).toMatchObject({
      status: 'finished',
      finishedAt: NOW,
    });
    const run = await records.runs.getRun(RECONCILIATION.runId);
    expect(run).toMatchObject({
      status: 'succeeded',
      outcome: 'reported',
      summary: 'Report only, nothing changed: 2 leaver-in-trello',
    });
    const audit = await records.audit.runAudit(RECONCILIATION.runId);
    expect(audit.map(({ entry }) => [entry.action, entry.result, entry.actor])).toEqual([
      ['record-reconciliation-findings', 'begun', 'admin:it@example.com'],
      ['record-reconciliation-findings', 'succeeded', 'admin:it@example.com'],
    ]);
    expect(notifier.sent).toEqual([
      expect.objectContaining({ kind: 'run-finished', title: 'Drift reconciliation recon-1: reported' }),
    ]);
  });

  it('closes a run whose fixes were applied with how many were fixed and how many failed', async () => {
    // Prepare
    const { records, deps } = await prepare();
    await records.reconciliations.setFindingState(
      'recon-1',
      'leaver-in-trello:E1',
      { state: 'failed', result: 'refused' },
      ['open'],
    );
    // Act
    const end = await finishReconciliation(
      { ...RECONCILIATION, mode: 'approve' },
      { decision: 'fixed' },
      deps,
    );
    // Assess
    expect(end).toEqual({ status: 'succeeded', outcome: 'fixed', failed: false });
    expect((await records.runs.getRun(RECONCILIATION.runId))?.summary).toBe(
      '1 fix(es) applied, 1 failed: 2 leaver-in-trello',
    );
  });

  it('ends a rejected batch of fixes as not provisioned, the reconciliation rejected', async () => {
    // Prepare
    const { records, deps } = await prepare();
    // Act
    const end = await finishReconciliation(
      RECONCILIATION,
      { Error: ErrorNames.ApprovalRejected, Cause: 'no' },
      deps,
    );
    // Assess
    expect(end).toMatchObject({ status: 'not-provisioned', outcome: 'rejected' });
    expect((await records.reconciliations.getReconciliation('recon-1'))?.status).toBe('rejected');
  });

  it('fails on any other error, telling admins, and withdraws the approval it still had open', async () => {
    // Prepare
    const { records, notifier, deps } = await prepare();
    await records.approvals.putApproval(
      aSeatApproval({ id: 'recon-1:fixes', runId: RECONCILIATION.runId, kind: 'reconciliation-fixes' }),
      'fix-token',
    );
    // Act
    const end = await finishReconciliation(
      RECONCILIATION,
      { Error: 'TrelloUnavailable', Cause: 'Trello answered 503' },
      deps,
    );
    // Assess
    expect(end).toEqual({ status: 'failed', outcome: 'failed:TrelloUnavailable', failed: true });
    expect(await records.approvals.getApproval('recon-1:fixes')).toMatchObject({
      status: 'expired',
      decidedBy: 'lanyard',
    });
    expect(notifier.sent[0]).toMatchObject({ kind: 'run-failed' });
    expect((await records.runs.getRun(RECONCILIATION.runId))?.summary).toMatch(/Trello answered 503/);
  });
});
