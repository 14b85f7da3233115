/**
 * Begin Sweep: record the sweep and its run once (the sweep id is the execution name), fix the
 * cutoff day, and read the seats in use before anything changes.
 */

import { sweepRunId } from '../lifecycle/run-ids.ts';
import type { SweepMode } from '../model/sweep-vocabulary.ts';
import type { SweepContext, SweepDeps } from './sweep-deps.ts';

export async function beginSweep(
  request: { sweepId: string; mode: SweepMode; dryRun: boolean; requestedBy: string },
  deps: SweepDeps<'runs' | 'sweeps'>,
): Promise<{ sweep: SweepContext; proceed: boolean }> {
  const now = deps.clock.now();
  const inactiveSince = new Date(now.getTime() - deps.sweepSettings.inactiveDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const seats = await deps.trello.seats();
  const { sweep } = await deps.sweeps.createSweep({
    sweepId: request.sweepId,
    mode: request.mode,
    dryRun: request.dryRun,
    inactiveSince,
    requestedBy: request.requestedBy,
    status: 'listing',
    startedAt: now.toISOString(),
    finishedAt: null,
    seatsBefore: seats.used,
    seatsAfter: null,
  });
  const runId = sweepRunId(sweep.sweepId);
  const { created, run } = await deps.runs.createRun({
    runId,
    kind: 'sweep',
    employeeId: null,
    executionName: sweep.sweepId,
    eventId: null,
    status: 'running',
    outcome: null,
    summary: `Idle-seat sweep (${sweep.mode}${sweep.dryRun ? ', dry run' : ''}) of members inactive since ${sweep.inactiveSince}, requested by ${sweep.requestedBy}`,
    dryRun: sweep.dryRun,
    startedAt: now.toISOString(),
    finishedAt: null,
    steps: [],
  });
  const context: SweepContext = {
    sweepId: sweep.sweepId,
    runId,
    mode: sweep.mode,
    dryRun: sweep.dryRun,
    inactiveSince: sweep.inactiveSince,
    requestedBy: sweep.requestedBy,
    // Fixed from the sweep's start, so a retried Begin Sweep gives the same deadline.
    answerBy:
      sweep.mode === 'ask-first'
        ? new Date(Date.parse(sweep.startedAt) + deps.sweepSettings.answerDays * 86_400_000).toISOString()
        : null,
  };
  return {
    sweep: context,
    proceed: created || run.status === 'running' || run.status === 'waiting-approval',
  };
}
