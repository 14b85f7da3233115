/**
 * An admin starts a failed onboarding or offboarding again (POST /admin/runs/{id}/retry, `lanyard
 * runs retry`, the console's Retry button) once the cause is fixed — Trello back, a credential
 * replaced, seats bought:
 * 1. Only a run that ended failed (or `access-remains`) may be retried; one that succeeded, is
 *    still running or waiting, was superseded or skipped is refused, saying why.
 * 2. A new execution takes the run over: the failed execution's steps and cuts move to the run's
 *    earlier attempts (nothing is erased), conditionally, so two admins clicking at once start one.
 * 3. The same HR event is started again under the new execution; every step is idempotent, so
 *    what the failed execution did is not done twice. Audited with the admin as actor.
 * An HR redelivery of the failed run's event stays a duplicate (de-duplication is by event id):
 * retrying is an admin's decision, not a side effect of a webhook retry.
 */
import { DetailTypes, HR_EVENT_SOURCE, LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { Clock } from '../../ports/clock.ts';
import type { AuditLog } from '../../ports/records/audit-log.ts';
import type { RunRecord, Runs } from '../../ports/records/runs.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import { runPersonOf } from '../lifecycle/claim-lifecycle.ts';
import { RETRYABLE_RUN_STATUSES } from '../model/run-statuses.ts';
import { auditedChange, type RunContext } from '../run-context.ts';

export interface RetryRunDeps {
  runs: Runs;
  audit: AuditLog;
  workflow: WorkflowEngine;
  clock: Clock;
  stateMachines: { onboarding: string | null; offboarding: string | null };
}

export type RetryAnswer =
  | { outcome: 'started'; runId: string; executionName: string }
  | { outcome: 'not-found'; message: string }
  | { outcome: 'refused'; message: string };

export async function retryRun(runId: string, by: string, deps: RetryRunDeps): Promise<RetryAnswer> {
  const run = await deps.runs.getRun(runId);
  if (run === null) return { outcome: 'not-found', message: `Run ${runId} does not exist` };
  const refusal = whyNot(run);
  if (refusal) return { outcome: 'refused', message: refusal };
  const event = LifecycleEventDetail.safeParse(run.event);
  if (!event.success) {
    return {
      outcome: 'refused',
      message: `Run ${runId} has no HR event on record to start again: have the HR system send it again under a new event id`,
    };
  }
  const stateMachineArn =
    run.kind === 'onboarding' ? deps.stateMachines.onboarding : deps.stateMachines.offboarding;
  if (!stateMachineArn) {
    return { outcome: 'refused', message: `Lanyard is not configured with the ${run.kind} state machine` };
  }

  const attempt = (run.earlierAttempts?.length ?? 0) + 1;
  const executionName = retryExecutionName(runId, attempt, deps.clock.now());
  const context: RunContext = {
    runId,
    executionName,
    actor: `admin:${by}`,
    dryRun: run.dryRun,
    person: runPersonOf(event.data),
  };
  const now = deps.clock.now().toISOString();
  const taken = await deps.runs.restartRun(runId, {
    executionName,
    expectedExecutionName: run.executionName,
    from: RETRYABLE_RUN_STATUSES,
    by: `admin:${by}`,
    at: now,
  });
  if (taken === null) {
    return {
      outcome: 'refused',
      message: `Run ${runId} changed meanwhile (another admin retried it?): reload it`,
    };
  }
  await auditedChange(
    context,
    deps,
    {
      action: 'retry-run',
      target: `run:${runId}`,
      detail: `started ${run.kind} run ${runId} again as ${executionName} (it ended ${run.status}${run.outcome ? `: ${run.outcome}` : ''})`,
    },
    async () => {
      try {
        await deps.workflow.startExecution(stateMachineArn, executionName, {
          'detail-type': DetailTypes[event.data.type],
          source: HR_EVENT_SOURCE,
          detail: event.data,
        });
      } catch (error) {
        // Nothing runs under the new execution: say so on the run rather than leave it "running".
        await deps.runs.finishRun(runId, {
          status: 'failed',
          outcome: 'failed:RetryNotStarted',
          summary: `The retry could not start the ${run.kind} execution (${(error as Error).message}); try again`,
          finishedAt: deps.clock.now().toISOString(),
        });
        throw error;
      }
    },
  );
  return { outcome: 'started', runId, executionName };
}

function whyNot(run: RunRecord): string | null {
  if (run.kind === 'sweep') return `Run ${run.runId} is a sweep: start a new sweep instead`;
  if (run.kind === 'mover' || run.kind === 'leave')
    return `Run ${run.runId} follows an HR profile event: send the HR event again (a new event id) to redo it`;
  if (run.dryRun) return `Run ${run.runId} was a dry run: request it again instead`;
  if (!RETRYABLE_RUN_STATUSES.includes(run.status)) {
    const why =
      run.status === 'running' || run.status === 'waiting-approval'
        ? 'it has not ended'
        : `it ended ${run.status}, not failed`;
    return `Run ${run.runId} cannot be retried: ${why}`;
  }
  return null;
}

/** Step Functions execution names: at most 80 of [A-Za-z0-9_-], unique per state machine. */
function retryExecutionName(runId: string, attempt: number, at: Date): string {
  const tail = runId.replace(/[^A-Za-z0-9_-]/g, '-').slice(-50);
  return `retry${attempt}-${at.getTime().toString(36)}-${tail}`.slice(0, 80);
}
