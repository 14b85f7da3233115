/**
 * askSweepApproval: one approval for the whole batch (an approve-mode sweep, or one the
 * mass-change guard held), recorded with its task token, the run and sweep shown waiting, admins
 * told where to review the candidates. Records in memory; notifier and workflow engine record.
 */
import { describe, expect, it } from 'vitest';
import { askSweepApproval } from '../../../../functions/core/sweep/ask-sweep-approval.ts';
import type { RecordingNotifier } from '../../../support/fakes/recording-notifier.ts';
import type { RecordingWorkflowEngine } from '../../../support/fakes/recording-workflow-engine.ts';
import { NOW } from '../../../support/run-builders.ts';
import { aSweep, SWEEP } from '../../../support/sweep-unit-kit.ts';

const APPROVE = { ...SWEEP, mode: 'approve' as const };
const GUARD = {
  mode: 'on' as const,
  terminations: { maxCount: 50, windowMinutes: 60, maxShare: 0.05, urgentMaxCount: 200 },
  reclaims: { maxCount: 1, maxShare: null },
};

async function started(kit: Awaited<ReturnType<typeof aSweep>>) {
  await kit.running();
  return kit;
}

describe('askSweepApproval', () => {
  it('asks once for the whole batch, pointing at the sweep page, and shows the run and sweep waiting', async () => {
    // Prepare
    const { records, deps, listed } = await started(await aSweep());
    await listed(1);
    await listed(2);
    await listed(3, 'exempt');
    // Act
    const asked = await askSweepApproval(APPROVE, 'token-1', deps);
    // Assess
    expect(asked).toEqual({ approvalId: `${SWEEP.runId}:reclaim`, status: 'pending' });
    expect(await records.approvals.getApproval(asked.approvalId)).toMatchObject({
      kind: 'sweep-reclaim',
      question: expect.stringMatching(
        new RegExp(
          `^Reclaim 2 idle Trello seat\\(s\\) — licensed members not active since 2026-09-02\\? Review them at GET /admin/sweeps/${SWEEP.sweepId}`,
        ),
      ),
      expiresAt: '2026-12-04T09:00:00.000Z',
    });
    expect((await records.sweeps.getSweep(SWEEP.sweepId))?.status).toBe('awaiting-approval');
    expect((await records.runs.getRun(SWEEP.runId))?.status).toBe('waiting-approval');
    expect((deps.notifier as RecordingNotifier).sent.map((n) => n.title)).toEqual([
      'Reclaim 2 idle Trello seat(s)?',
    ]);
  });

  it('says why when the mass-change guard held an auto sweep', async () => {
    // Prepare
    const { deps, listed } = await started(await aSweep(GUARD));
    await listed(1);
    await listed(2);
    // Act
    await askSweepApproval(SWEEP, 'token-1', deps);
    // Assess
    const [sent] = (deps.notifier as RecordingNotifier).sent;
    expect(sent?.title).toBe('Mass-change guard: Reclaim 2 idle Trello seat(s)?');
    expect(sent?.body).toMatch(
      /^Held by the mass-change guard: 2 seat reclaim\(s\) in one sweep is past its limit of 1\. Reclaim 2/,
    );
  });

  it('hands a decision taken before a restart to the new task at once, asking nobody again', async () => {
    // Prepare
    const { records, deps, listed } = await started(await aSweep());
    await listed(1);
    await askSweepApproval(APPROVE, 'token-1', deps);
    await records.approvals.decideApproval(`${SWEEP.runId}:reclaim`, {
      status: 'approved',
      by: 'it@example.com',
      at: NOW,
      comment: null,
    });
    // Act
    await askSweepApproval(APPROVE, 'token-2', deps);
    // Assess
    expect((deps.workflow as RecordingWorkflowEngine).calls).toEqual([
      expect.objectContaining({
        op: 'completeTask',
        taskToken: 'token-2',
        output: expect.objectContaining({ decision: 'approved' }),
      }),
    ]);
    expect((deps.notifier as RecordingNotifier).sent).toHaveLength(1);
  });
});
