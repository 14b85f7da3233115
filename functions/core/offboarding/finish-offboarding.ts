/**
 * Finish Offboarding: every path ends here. Records the outcome, releases the person's lifecycle
 * (`offboarded` once verified), withdraws questions nobody waits on, and tells admins what was
 * done and what is left to them (gaps). A failed run then ends in a Fail state for the alarms.
 */
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import { withdrawOpenApprovals } from '../approvals/withdraw-open-approvals.ts';
import { ErrorNames } from '../errors.ts';
import { causeMessage, releaseLifecycle } from '../lifecycle/release-lifecycle.ts';
import type { RunStatus } from '../model/run-statuses.ts';
import type { RunContext } from '../run-context.ts';
import { offboardingRunContext } from './begin-offboarding.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';
import type { OffboardingReport } from './verify-offboarding.ts';

export type OffboardingEnd = OffboardingReport | { Error: string; Cause?: string | null };

export async function finishOffboarding(
  run: RunContext,
  end: OffboardingEnd,
  deps: OffboardingDeps<'people' | 'runs' | 'approvals'>,
): Promise<{ status: RunStatus; outcome: string; failed: boolean }> {
  const { status, outcome, summary } = classify(end);
  const now = deps.clock.now().toISOString();
  await deps.runs.finishRun(run.runId, { status, outcome, summary, finishedAt: now });
  if (!run.dryRun && status !== 'superseded') {
    const offboarded = status === 'succeeded' || status === 'succeeded-with-gaps';
    await releaseLifecycle(run, deps, now, (profile) => ({
      lifecycle: offboarded ? 'offboarded' : profile.lifecycle,
    }));
  }
  await withdrawOpenApprovals(run.runId, deps, now, 'The offboarding finished without it');
  // A superseded run is told by the run that took over; a discarded one by the admin who discarded it.
  if (status !== 'superseded' && outcome !== 'discarded') {
    const link = deps.offboarding.consoleUrl
      ? ` — see ${deps.offboarding.consoleUrl}#/runs/${encodeURIComponent(run.runId)}`
      : '';
    await deps.notifier.notify({
      kind: failed(status) ? 'run-failed' : 'run-finished',
      title: `Offboarding of ${run.person.fullName} (${run.person.email}): ${outcome}`,
      body: `${summary}${link}`,
      runId: run.runId,
      approvalId: null,
    });
  }
  return { status, outcome, failed: failed(status) };
}

/** The statuses that end the execution in its Fail state, for the alarms. */
function failed(status: RunStatus): boolean {
  return status === 'failed' || status === 'access-remains';
}

/**
 * Begin Offboarding itself failed (after its retries): there may be no run record yet. Record the
 * run from the event and finish it as failed, so the failure is on record and admins are told.
 */
export async function finishFailedBegin(
  event: LifecycleEventDetail,
  executionName: string,
  end: { Error: string; Cause?: string | null },
  deps: OffboardingDeps<'people' | 'runs' | 'approvals'>,
): Promise<{ status: RunStatus; outcome: string; failed: boolean }> {
  const run = offboardingRunContext(event, executionName);
  const { run: stored } = await deps.runs.createRun({
    runId: run.runId,
    kind: 'offboarding',
    employeeId: run.person.id,
    executionName,
    eventId: event.id,
    status: 'running',
    outcome: null,
    summary: null,
    dryRun: event.dryRun,
    startedAt: deps.clock.now().toISOString(),
    finishedAt: null,
    steps: [],
    event,
  });
  // Another execution owns this event's run: it is not this execution's to finish.
  if (stored.executionName !== executionName)
    return { status: 'failed', outcome: `failed:${end.Error}`, failed: true };
  return finishOffboarding(run, end, deps);
}

function classify(end: OffboardingEnd): { status: RunStatus; outcome: string; summary: string } {
  if ('outcome' in end) {
    const status: Record<OffboardingReport['outcome'], RunStatus> = {
      offboarded: 'succeeded',
      'dry-run': 'succeeded',
      'offboarded-with-gaps': 'succeeded-with-gaps',
      'access-remains': 'access-remains',
    };
    return { status: status[end.outcome], outcome: end.outcome, summary: end.detail };
  }
  const message = causeMessage(end.Cause);
  if (end.Error === ErrorNames.QuarantineDiscarded) {
    return { status: 'skipped', outcome: 'discarded', summary: message ?? 'Discarded from quarantine' };
  }
  if (end.Error === ErrorNames.RunSuperseded) {
    return { status: 'superseded', outcome: 'superseded', summary: message ?? 'A newer HR event took over' };
  }
  return {
    status: 'failed',
    outcome: `failed:${end.Error}`,
    summary: `${end.Error}${message ? `: ${message}` : ''}`,
  };
}
