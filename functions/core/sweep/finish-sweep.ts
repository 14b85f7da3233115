/**
 * Finish Sweep: seats in use after, the tally by state, the sweep and its run closed, admins told.
 * A report-mode or dry-run sweep changed nothing and says so.
 */
import { notApproved } from '../approvals/not-approved.ts';
import { releaseQueuedOnboardings } from '../approvals/release-queued-onboardings.ts';
import { withdrawOpenApprovals } from '../approvals/withdraw-open-approvals.ts';
import { causeMessage } from '../lifecycle/release-lifecycle.ts';
import type { SweepContext, SweepDeps } from './sweep-deps.ts';
import { tallyOf } from './sweep-tally.ts';

export type SweepEnd = { decision: 'report' | 'reclaimed' } | { Error: string; Cause?: string | null };

export async function finishSweep(
  sweep: SweepContext,
  end: SweepEnd,
  deps: SweepDeps<'people' | 'runs' | 'audit' | 'approvals' | 'sweeps' | 'seatReadings'>,
): Promise<{ status: 'succeeded' | 'not-provisioned' | 'failed'; outcome: string; failed: boolean }> {
  const now = deps.clock.now().toISOString();
  const tally = await tallyOf(sweep.sweepId, deps);
  const seats = await deps.trello.seats();
  await deps.seatReadings.recordSeatReading({ day: now.slice(0, 10), used: seats.used, total: seats.max });
  const stored = await deps.sweeps.getSweep(sweep.sweepId);
  const counts = Object.entries(tally)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const seatsLine = `seats in use ${stored?.seatsBefore ?? '?'} → ${seats.used}`;
  let outcome: string;
  let status: 'succeeded' | 'not-provisioned' | 'failed';
  let summary: string;
  if ('decision' in end) {
    status = 'succeeded';
    outcome = end.decision === 'report' ? (sweep.dryRun ? 'dry-run' : 'reported') : 'reclaimed';
    summary = `${end.decision === 'report' ? 'Report only, nothing changed' : `${tally.reclaimed} seat(s) reclaimed`}: ${counts || 'no idle members'}; ${seatsLine}`;
  } else if (notApproved(end.Error) !== null) {
    status = 'not-provisioned';
    outcome = 'rejected';
    summary = `Reclaim ${notApproved(end.Error)}; nothing changed: ${counts}`;
  } else {
    status = 'failed';
    outcome = `failed:${end.Error}`;
    summary = `${end.Error}: ${causeMessage(end.Cause) ?? ''} (${counts}; ${seatsLine})`;
  }
  await deps.sweeps.updateSweep(sweep.sweepId, {
    status: status === 'succeeded' ? 'finished' : status === 'failed' ? 'failed' : 'rejected',
    finishedAt: now,
    seatsAfter: seats.used,
  });
  await withdrawOpenApprovals(sweep.runId, deps, now, 'The sweep finished without it');
  if (tally.reclaimed > 0 && !sweep.dryRun) {
    // The closed seat loop: freed seats go to the onboardings queued for one, in HR order.
    const { released } = await releaseQueuedOnboardings(
      `sweep ${sweep.sweepId} freed ${tally.reclaimed} seat(s)`,
      deps,
    );
    if (released.length > 0) summary += `; ${released.length} queued onboarding(s) released`;
  }
  await deps.runs.finishRun(sweep.runId, { status, outcome, summary, finishedAt: now });
  await deps.notifier.notify({
    kind: status === 'failed' ? 'run-failed' : 'run-finished',
    title: `Idle-seat sweep ${sweep.sweepId}: ${outcome}`,
    body: summary,
    runId: sweep.runId,
    approvalId: null,
  });
  return { status, outcome, failed: status === 'failed' };
}
