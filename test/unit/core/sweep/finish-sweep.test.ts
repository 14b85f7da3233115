/**
 * finishSweep: the seats in use after, the tally, the sweep and its run closed with how it ended,
 * its open approval withdrawn, freed seats handed to the onboardings queued for one, admins told.
 * Records and Trello in memory; notifier and workflow engine record.
 */
import { describe, expect, it } from 'vitest';
import { ErrorNames } from '../../../../functions/core/errors.ts';
import { finishSweep } from '../../../../functions/core/sweep/finish-sweep.ts';
import type { RecordingNotifier } from '../../../support/fakes/recording-notifier.ts';
import type { RecordingWorkflowEngine } from '../../../support/fakes/recording-workflow-engine.ts';
import { aSeatApproval, NOW } from '../../../support/run-builders.ts';
import { aSweep, SWEEP } from '../../../support/sweep-unit-kit.ts';

/** A sweep whose run is going, with one member reclaimed (their seat now free) and one exempt. */
async function prepare() {
  const kit = await aSweep();
  await kit.running();
  await kit.listed(1, 'reclaimed');
  kit.trello.members.delete('m1');
  await kit.listed(2, 'exempt');
  return kit;
}

const sentOf = (deps: { notifier: unknown }) => (deps.notifier as RecordingNotifier).sent;

describe('finishSweep', () => {
  it('closes a sweep that reclaimed seats with the tally and the seats before and after, and tells admins', async () => {
    // Prepare
    const { records, deps } = await prepare();
    // Act
    const end = await finishSweep(SWEEP, { decision: 'reclaimed' }, deps);
    // Assess
    expect(end).toEqual({ status: 'succeeded', outcome: 'reclaimed', failed: false });
    expect(await records.sweeps.getSweep(SWEEP.sweepId)).toMatchObject({
      status: 'finished',
      finishedAt: NOW,
      seatsAfter: 1,
    });
    expect(await records.runs.getRun(SWEEP.runId)).toMatchObject({
      status: 'succeeded',
      outcome: 'reclaimed',
      summary: '1 seat(s) reclaimed: 1 exempt, 1 reclaimed; seats in use 40 → 1',
    });
    expect(await records.seatReadings.listSeatReadings('2026-12-01')).toEqual([
      { day: '2026-12-01', used: 1, total: 100 },
    ]);
    expect(sentOf(deps)).toEqual([
      expect.objectContaining({ kind: 'run-finished', title: `Idle-seat sweep ${SWEEP.sweepId}: reclaimed` }),
    ]);
  });

  it('gives the freed seats to the onboardings queued for one', async () => {
    // Prepare
    const { records, deps } = await prepare();
    await records.approvals.putApproval(aSeatApproval(), 'hire-token');
    // Act
    await finishSweep(SWEEP, { decision: 'reclaimed' }, deps);
    // Assess
    expect((await records.approvals.getApproval('run-1:seats'))?.status).toBe('approved');
    expect((deps.workflow as RecordingWorkflowEngine).calls).toEqual([
      expect.objectContaining({ op: 'completeTask', taskToken: 'hire-token' }),
    ]);
    expect((await records.runs.getRun(SWEEP.runId))?.summary).toMatch(/; 1 queued onboarding\(s\) released$/);
  });

  it('says a dry-run report changed nothing', async () => {
    // Prepare
    const { records, deps } = await prepare();
    // Act
    const end = await finishSweep({ ...SWEEP, dryRun: true }, { decision: 'report' }, deps);
    // Assess
    expect(end.outcome).toBe('dry-run');
    expect((await records.runs.getRun(SWEEP.runId))?.summary).toMatch(/^Report only, nothing changed/);
  });

  it('records a sweep whose approval was rejected as not provisioned, changing nothing', async () => {
    // Prepare
    const { records, deps } = await prepare();
    // Act
    const end = await finishSweep(
      SWEEP,
      { Error: ErrorNames.ApprovalRejected, Cause: 'Rejected by it' },
      deps,
    );
    // Assess
    expect(end).toEqual({ status: 'not-provisioned', outcome: 'rejected', failed: false });
    expect((await records.sweeps.getSweep(SWEEP.sweepId))?.status).toBe('rejected');
  });

  it('records a failure with its cause, withdraws its open approval and alarms admins', async () => {
    // Prepare
    const { records, deps } = await prepare();
    await records.approvals.putApproval(
      aSeatApproval({ id: `${SWEEP.runId}:reclaim`, runId: SWEEP.runId, kind: 'sweep-reclaim' }),
      'sweep-token',
    );
    // Act
    const end = await finishSweep(
      SWEEP,
      {
        Error: 'TrelloUnavailableError',
        Cause: JSON.stringify({ errorType: 'TrelloUnavailableError', errorMessage: 'Trello answered 503' }),
      },
      deps,
    );
    // Assess
    expect(end).toEqual({ status: 'failed', outcome: 'failed:TrelloUnavailableError', failed: true });
    expect((await records.runs.getRun(SWEEP.runId))?.summary).toMatch(
      /^TrelloUnavailableError: Trello answered 503 \(/,
    );
    expect(await records.approvals.getApproval(`${SWEEP.runId}:reclaim`)).toMatchObject({
      status: 'expired',
      decidedBy: 'lanyard',
    });
    expect(sentOf(deps).map((n) => n.kind)).toEqual(['run-failed']);
  });
});
