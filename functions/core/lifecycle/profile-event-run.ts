/**
 * The run of an HR profile event that changes Trello or the IdP without a workflow (a mover's
 * Workspaces, a leave's sign-in or seat): keyed on the event (`<prefix>:<eventId>`), so the Lambda
 * run again after a crash finds it and carries on; ended once; a failure recorded and notified.
 */
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { Notifier } from '../../ports/notifier.ts';
import type { PersonProfile } from '../../ports/records/people.ts';
import type { RecordPortName } from '../../ports/records/record-ports.ts';
import type { RunKind, RunStatus } from '../model/run-statuses.ts';
import { type RunContext, recordStep, type StepDeps } from '../run-context.ts';
import { newRunRecord } from './claim-lifecycle.ts';

export type ProfileRunDeps<R extends RecordPortName = RecordPortName> = StepDeps<R> & {
  notifier: Notifier;
};

/**
 * The run of `event` for the person as `before` holds them; `proceed` false once it has ended, and
 * `failed` true when it ended failed (a re-run of the same event, e.g. Lambda's retry after the
 * failure's notification was lost, must then leave the record as it was, too).
 */
export async function startProfileRun(
  event: LifecycleEventDetail,
  before: PersonProfile,
  start: {
    prefix: string;
    kind: RunKind;
    summary: string;
    department: string | null;
    /** The execution the run belongs to, when the event starts one (a leave asking its approval). */
    executionName?: string;
  },
  deps: StepDeps<'runs'>,
): Promise<{ run: RunContext; proceed: boolean; failed: boolean }> {
  const run: RunContext = {
    runId: `${start.prefix}:${event.id}`,
    executionName: start.executionName ?? `profile:${event.id}`,
    actor: `hr:${event.id}`,
    dryRun: event.dryRun,
    person: {
      id: before.employeeId,
      email: before.email,
      fullName: before.fullName,
      department: start.department,
      managerEmail: event.employee.managerEmail ?? before.managerEmail,
    },
  };
  const { run: recorded } = await deps.runs.createRun(
    newRunRecord(
      event,
      run,
      { kind: start.kind, status: 'running', summary: start.summary },
      deps.clock.now(),
    ),
  );
  return { run, proceed: recorded.status === 'running', failed: recorded.status === 'failed' };
}

export async function endProfileRun(
  run: RunContext,
  step: string,
  end: { status: RunStatus; outcome: string; summary: string; detail: string },
  deps: StepDeps<'runs'>,
): Promise<void> {
  await recordStep(run, deps, step, run.dryRun ? 'planned' : 'done', end.detail);
  await deps.runs.finishRun(run.runId, {
    status: end.status,
    outcome: end.outcome,
    summary: end.summary,
    finishedAt: deps.clock.now().toISOString(),
  });
}

/** Never quietly: the run fails, says what happened, and admins hear what to do. */
export async function failProfileRun(
  run: RunContext,
  step: string,
  report: { summary: string; title: string; todo: string },
  error: Error,
  deps: ProfileRunDeps<'runs'>,
): Promise<void> {
  const detail = `${error.name}: ${error.message}`;
  await recordStep(run, deps, step, 'failed', detail);
  await deps.runs.finishRun(run.runId, {
    status: 'failed',
    outcome: `failed:${error.name}`,
    summary: `${report.summary} (${detail})`,
    finishedAt: deps.clock.now().toISOString(),
  });
  await deps.notifier.notify({
    kind: 'run-failed',
    title: report.title,
    body: `${detail}. ${report.todo}`,
    runId: run.runId,
    approvalId: null,
  });
}
