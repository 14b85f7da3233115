/**
 * Close Stranded Run: a workflow's execution ended FAILED, TIMED_OUT or ABORTED while its run
 * record still says `running`. Every path of a workflow records its run and notifies admins in
 * one step (Finish, or Begin Sweep / Begin Reconciliation once the run exists); when that step
 * cannot run past its Task's retries, nothing inside the execution is left to do it (issue 15).
 * Invoked by the "Step Functions Execution Status Change" events of Lanyard's state machines.
 *
 * Primary course:
 * 1. Find the run the execution owns: the `running` run whose `executionName` is the execution's
 *    name, of the kind its state machine runs. What this relies on: every Begin step creates (or,
 *    on a retry, `restartRun` takes over) the run under `$$.Execution.Name`, so the run record is
 *    itself the map from execution to run; names are unique per state machine for 90 days. The
 *    event's `input` is never read (AWS leaves it out when large).
 * 2. Leave a run whose person's lifecycle a newer run owns: that run superseded this one (it
 *    stopped the execution, and ends the run `superseded` itself).
 * 3. End it `failed`, the execution's error and cause as the reason, in one conditional write
 *    (only from `running`, only while this execution owns the run), audited: a `begun` entry
 *    before the write, `succeeded` after it.
 * 4. As Finish does for a failed run: notify admins (`run-failed`, naming how to retry it), give
 *    the person's lifecycle back (their state unchanged) and withdraw the run's open approvals.
 *    The conditional write makes the notification once-only, also under duplicate deliveries; the
 *    price is that an invocation cut between the write and the notification (its Lambda timing
 *    out there; the notifier itself fails only when every channel does, the log included) is not
 *    retried into one: its `begun` audit entry stays without an outcome, and the failure alarms.
 *
 * Alternative courses (nothing written, nobody notified, the reason returned for the log):
 * - the execution ended otherwise (SUCCEEDED, RUNNING);
 * - no running run is owned by it: it never created one (its Begin failed first), its run already
 *   ended (a Finish that failed after recording, a Fail state after Finish), an admin's retry took
 *   it over, or this is a second delivery of the same event (EventBridge delivers at least once);
 * - the conditional write finds the run changed meanwhile (a concurrent delivery ended it first).
 */

import type { ExecutionStatusChangeDetail } from '../../contracts/execution-status-change.ts';
import { UNFINISHED_END_STATUSES } from '../../contracts/execution-status-change.ts';
import { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { Notifier } from '../../ports/notifier.ts';
import type { RunRecord } from '../../ports/records/runs.ts';
import { withdrawOpenApprovals } from '../approvals/withdraw-open-approvals.ts';
import { runPersonOf } from '../lifecycle/claim-lifecycle.ts';
import { causeMessage, releaseLifecycle } from '../lifecycle/release-lifecycle.ts';
import type { RunKind } from '../model/run-statuses.ts';
import type { RunContext, StepDeps } from '../run-context.ts';

/** Who the audit trail names for what this use case does. */
export const EXECUTION_WATCH_ACTOR = 'lanyard:execution-watch';

export interface CloseStrandedRunDeps
  extends Pick<StepDeps, 'runs' | 'people' | 'audit' | 'approvals' | 'clock'> {
  notifier: Notifier;
  /** The state machine ARN of each kind of run, where known: an execution of another machine is no run of that kind. */
  stateMachines: Partial<Record<RunKind, string | null>>;
  consoleUrl: string | null;
}

export type CloseStrandedRunResult =
  | { closed: true; runId: string; reason: string }
  | { closed: false; runId: string | null; reason: string };

const RUNS_PAGE = 100;

const KIND_LABELS: Record<RunKind, string> = {
  onboarding: 'Onboarding',
  offboarding: 'Offboarding',
  sweep: 'Idle-seat sweep',
  reconciliation: 'Drift reconciliation',
  mover: 'Department move',
  leave: 'Leave of absence',
};

export async function closeStrandedRun(
  execution: ExecutionStatusChangeDetail,
  deps: CloseStrandedRunDeps,
): Promise<CloseStrandedRunResult> {
  const what = `Execution ${execution.name} (${execution.status})`;
  if (!(UNFINISHED_END_STATUSES as readonly string[]).includes(execution.status))
    return { closed: false, runId: null, reason: `${what}: not an unfinished end, nothing to do` };
  const run = await runOwnedBy(execution, deps);
  if (run === null)
    return { closed: false, runId: null, reason: `${what}: no running run is owned by it, nothing to do` };

  if (run.employeeId !== null && !run.dryRun) {
    const profile = await deps.people.getProfile(run.employeeId);
    if (profile?.currentRunId != null && profile.currentRunId !== run.runId) {
      return {
        closed: false,
        runId: run.runId,
        reason: `${what}: ${profile.currentRunId} owns the person's lifecycle now and ends ${run.runId} itself`,
      };
    }
  }

  const now = deps.clock.now().toISOString();
  const summary = reasonOf(run.kind, execution);
  const detail = `ended ${run.kind} run ${run.runId} failed: ${summary}`;
  // Begun before the write, keyed on the execution: a retried invocation finds the same attempt.
  const { ref } = await deps.audit.beginAudit(run.runId, `close-stranded-run|${execution.name}`, {
    at: now,
    actor: EXECUTION_WATCH_ACTOR,
    action: 'close-stranded-run',
    target: `run:${run.runId}`,
    detail,
    runId: run.runId,
    employeeId: run.employeeId,
  });
  const finished = await deps.runs.finishRun(
    run.runId,
    { status: 'failed', outcome: `failed:${execution.error || execution.status}`, summary, finishedAt: now },
    { from: ['running'], executionName: execution.name },
  );
  // Changed since it was listed: only a concurrent delivery of this event ends a running run of an
  // ended execution, and that one writes the attempt's outcome and notifies.
  if (finished === null)
    return {
      closed: false,
      runId: run.runId,
      reason: `${what}: ${run.runId} changed meanwhile, left as it is`,
    };
  // Admins first: once the run says `failed`, a retried invocation no longer finds it, so what
  // follows the write must not stand between it and the notification.
  await deps.notifier.notify({
    kind: 'run-failed',
    title: `${KIND_LABELS[run.kind]} ${subjectOf(run)} failed`,
    body: `${summary}. ${nextStep(run)}${deps.consoleUrl ? ` — see ${deps.consoleUrl}#/runs/${encodeURIComponent(run.runId)}` : ''}`,
    runId: run.runId,
    approvalId: null,
  });
  await deps.audit.completeAudit(ref, 'succeeded', detail, now);

  if (run.employeeId !== null && !run.dryRun) {
    const owner: RunContext = {
      runId: run.runId,
      executionName: run.executionName,
      actor: EXECUTION_WATCH_ACTOR,
      dryRun: run.dryRun,
      person: { id: run.employeeId, email: '', fullName: '', department: null, managerEmail: null },
    };
    await releaseLifecycle(owner, deps, now, () => ({}));
  }
  await withdrawOpenApprovals(run.runId, deps, now, 'The run ended without it');
  return { closed: true, runId: run.runId, reason: `${what}: ended ${run.runId} failed` };
}

async function runOwnedBy(
  execution: ExecutionStatusChangeDetail,
  deps: CloseStrandedRunDeps,
): Promise<RunRecord | null> {
  const kind = (Object.entries(deps.stateMachines) as Array<[RunKind, string | null]>).find(
    ([, arn]) => arn === execution.stateMachineArn,
  )?.[0];
  let cursor: string | null = null;
  do {
    const page = await deps.runs.listRuns({ status: 'running', limit: RUNS_PAGE, cursor });
    const run = page.items.find(
      (r) => r.executionName === execution.name && (kind === undefined || r.kind === kind),
    );
    if (run) return run;
    cursor = page.nextCursor;
  } while (cursor);
  return null;
}

/** Whom or what the run is about, as the notification names it. */
function subjectOf(run: RunRecord): string {
  const event = LifecycleEventDetail.safeParse(run.event);
  if (event.success) {
    const person = runPersonOf(event.data);
    return `of ${person.fullName} (${person.email})`;
  }
  return run.employeeId === null ? run.runId : `of ${run.employeeId} (${run.runId})`;
}

function reasonOf(kind: RunKind, execution: ExecutionStatusChangeDetail): string {
  const how =
    execution.status === 'TIMED_OUT'
      ? 'timed out'
      : execution.status === 'ABORTED'
        ? 'was stopped'
        : 'failed';
  const cause = causeMessage(execution.cause);
  const error = execution.error ? `: ${execution.error}${cause ? ` — ${cause}` : ''}` : '';
  return `Its ${kind} execution ${execution.name} ${how} before recording how the run ended${error}`;
}

function nextStep(run: RunRecord): string {
  if (run.kind === 'onboarding' || run.kind === 'offboarding')
    return run.dryRun
      ? 'Request the dry run again once the cause is fixed'
      : 'Retry it once the cause is fixed (the console, `lanyard runs retry` or POST /admin/runs/{runId}/retry)';
  return `Start a new ${run.kind} once the cause is fixed`;
}
