/**
 * Begin Offboarding — primary course:
 * 1. Create the run record once (run id from the event id).
 * 2. Refuse a stale event (older in HR order than what was applied to the person).
 * 3. Claim the person's lifecycle; an onboarding still in flight for them is ended and marked
 *    superseded (its partial effects are covered by this run: it deactivates whatever exists).
 * 4. Withdraw the approval a leave start of theirs still waits for (best effort, never blocking).
 * 5. Say when to start: `effectiveAt`, or now when that is past or the termination is urgent,
 *    and the clock every access cut is timed by (cut-clock.ts).
 * Alternative courses: a dry run plans without claiming anything; a duplicate execution and a
 * run already finished do nothing. Ending the onboarding in flight can fail (Step Functions
 * unreachable, a permission missing): that is recorded and admins are told, and the offboarding
 * goes on — the cuts never wait on it, and the onboarding, which no longer owns the person, stops
 * at its next step by itself.
 */
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { PersonProfile } from '../../ports/records/people.ts';
import { withdrawOpenApprovals } from '../approvals/withdraw-open-approvals.ts';
import { ErrorNames } from '../errors.ts';
import { guardTermination } from '../guard/guard-termination.ts';
import { claimLifecycle, runPersonOf } from '../lifecycle/claim-lifecycle.ts';
import { withdrawLeaveApproval } from '../lifecycle/leave-approval.ts';
import { offboardingRunId } from '../lifecycle/run-ids.ts';
import { auditedChange, type RunContext, recordStep } from '../run-context.ts';
import { type CutClock, cutClockOf } from './cut-clock.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

export interface BeginOffboardingResult {
  proceed: boolean;
  reason: string;
  run: RunContext;
  startAt: string;
  cutClock: CutClock;
  idpPlan: 'none' | 'sign-in' | 'account';
  /** Held by the mass-change guard: the workflow waits for an admin before anything else. */
  quarantine: { batchId: string; opened: boolean } | null;
  /**
   * Where the workflow goes, decided here so that one Choice routes it (each state entered is a
   * billed transition): settle the batch it opened then hold, hold, stop, wait until the
   * termination takes effect, or cut at once.
   */
  next: 'settle' | 'hold' | 'stop' | 'wait' | 'cut';
}

const IN_FLIGHT = new Set(['running', 'waiting-approval']);

/** What Begin Offboarding uses: the records, the guard, the workflow engine to end a run in flight. */
export type BeginOffboardingDeps = Pick<
  OffboardingDeps,
  | 'people'
  | 'runs'
  | 'audit'
  | 'approvals'
  | 'seatReadings'
  | 'guard'
  | 'workflow'
  | 'notifier'
  | 'idp'
  | 'offboarding'
  | 'clock'
>;

/** The run an offboarding event starts (Finish Offboarding rebuilds it when Begin itself failed). */
export function offboardingRunContext(event: LifecycleEventDetail, executionName: string): RunContext {
  return {
    runId: offboardingRunId(event.id),
    executionName,
    actor: event.requestedBy ?? `hr:${event.id}`,
    dryRun: event.dryRun,
    person: runPersonOf(event),
  };
}

export async function beginOffboarding(
  event: LifecycleEventDetail,
  executionName: string,
  deps: BeginOffboardingDeps,
): Promise<BeginOffboardingResult> {
  const now = deps.clock.now();
  const run = offboardingRunContext(event, executionName);
  const startAt = event.urgent ? now : new Date(Math.max(now.getTime(), Date.parse(event.effectiveAt)));
  const idpPlan = deps.idp === null ? 'none' : deps.offboarding.idpScope;
  const result = (
    proceed: boolean,
    reason: string,
    quarantine: BeginOffboardingResult['quarantine'] = null,
  ): BeginOffboardingResult => ({
    proceed,
    reason,
    run,
    startAt: startAt.toISOString(),
    cutClock: cutClockOf(event, startAt, deps.offboarding.timeToCut),
    idpPlan,
    quarantine,
    next: quarantine
      ? quarantine.opened
        ? 'settle'
        : 'hold'
      : !proceed
        ? 'stop'
        : startAt.getTime() > now.getTime()
          ? 'wait'
          : 'cut',
  });

  // Before any effect, and before the lifecycle is claimed: a held termination changes nothing.
  const guard = await guardTermination(event, run, { ...deps, settings: deps.offboarding.massChangeGuard });
  if (guard.held) return result(false, guard.reason, { batchId: guard.batchId, opened: guard.opened });

  const claim = await claimLifecycle(
    event,
    run,
    {
      kind: 'offboarding',
      lifecycle: 'offboarding',
      summary: event.reason ? `Requested by ${run.actor}: ${event.reason}` : null,
    },
    deps,
  );
  if (!claim.proceed || event.dryRun) return result(claim.proceed, claim.reason);
  if (guard.note) await recordStep(run, deps, 'begin-offboarding', 'done', guard.note);
  if (guard.bypass && guard.note) {
    const note = guard.note;
    await auditedChange(
      run,
      deps,
      { action: 'bypass-mass-change-guard', target: `run:${run.runId}`, detail: note },
      async () => undefined,
    );
  }
  if (claim.previousRunId) {
    try {
      await supersede(claim.previousRunId, run, deps, now.toISOString());
    } catch (error) {
      await supersedeFailed(claim.previousRunId, run, error as Error, deps);
    }
  }
  await withdrawPendingLeave(run, claim.before, deps);
  return result(true, claim.reason);
}

/**
 * A leave start still waiting for its approval (deploy config `leaveApproval`) is withdrawn: the
 * termination supersedes the leave, and the cuts never wait for it. Best effort: a failure is
 * recorded on the run and the offboarding goes on; the leave's settle step changes nothing for a
 * person no longer active, whatever an admin decides later.
 */
async function withdrawPendingLeave(
  run: RunContext,
  claimed: PersonProfile | null,
  deps: BeginOffboardingDeps,
): Promise<void> {
  // The record the claim read (a claim keeps the leave): no second read on every offboarding.
  const leave = claimed?.lastLeaveEvent;
  if (leave?.type !== 'employee.leave_started') return;
  try {
    const withdrawn = await withdrawLeaveApproval(
      leave.id,
      `${run.person.email} is leaving (${run.runId}): the termination supersedes the leave`,
      run.actor,
      deps,
    );
    if (withdrawn)
      await recordStep(
        run,
        deps,
        'begin-offboarding',
        'done',
        `Withdrew approval ${withdrawn.id} of their leave (nothing of it had been changed)`,
      );
  } catch (error) {
    const { name, message } = error as Error;
    await recordStep(
      run,
      deps,
      'begin-offboarding',
      'failed',
      `Could not withdraw the pending approval of their leave ${leave.id} (${name}: ${message}); the offboarding goes on, and approving it now changes nothing`,
    );
  }
}

async function supersedeFailed(
  previousRunId: string,
  run: RunContext,
  error: Error,
  deps: BeginOffboardingDeps,
) {
  const detail = `Could not end ${previousRunId} (${error.name}: ${error.message}); the offboarding goes on, and that run stops at its next step because it no longer owns ${run.person.id}`;
  await recordStep(run, deps, 'begin-offboarding', 'failed', detail);
  await deps.notifier.notify({
    kind: 'run-failed',
    title: `Offboarding of ${run.person.fullName} (${run.person.email}): the onboarding in flight was not ended`,
    body: `${detail}. Check that run in the console and stop its execution if it is still waiting.`,
    runId: run.runId,
    approvalId: null,
  });
}

/**
 * Ends the person's run still in flight (an onboarding) and records why. A run waiting on an
 * approval is resumed with RunSuperseded (it then finishes as `superseded` on its own, a clean
 * end the alarms ignore); one that is not waiting on anything Lanyard holds is stopped.
 */
async function supersede(previousRunId: string, run: RunContext, deps: BeginOffboardingDeps, now: string) {
  const previous = await deps.runs.getRun(previousRunId);
  if (previous === null || !IN_FLIGHT.has(previous.status)) return;
  const why = `Superseded by ${run.runId}: ${run.person.email} is leaving`;
  const tokens = await pendingTaskTokens(previousRunId, deps);
  await withdrawOpenApprovals(previousRunId, deps, now, why);
  let resumed = false;
  for (const token of tokens) {
    if (await deps.workflow.failTask(token, ErrorNames.RunSuperseded, why)) resumed = true;
  }
  const arn = deps.offboarding.onboardingStateMachineArn;
  const stopped =
    !resumed && previous.kind === 'onboarding' && arn !== null
      ? await deps.workflow.stopExecution(arn, previous.executionName, why)
      : false;
  await deps.runs.finishRun(previousRunId, {
    status: 'superseded',
    outcome: 'superseded',
    summary: why,
    finishedAt: now,
  });
  const how = resumed ? 'Ended the approval wait of' : stopped ? 'Stopped' : 'Superseded';
  await recordStep(
    run,
    deps,
    'begin-offboarding',
    'done',
    `${how} ${previous.kind} run ${previousRunId}; this run covers what it did`,
  );
}

async function pendingTaskTokens(
  runId: string,
  deps: Pick<BeginOffboardingDeps, 'approvals'>,
): Promise<string[]> {
  const tokens: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.approvals.listApprovals({ status: 'pending', limit: 100, cursor });
    for (const approval of page.items.filter((a) => a.runId === runId)) {
      const token = await deps.approvals.approvalTaskToken(approval.id);
      if (token) tokens.push(token);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return tokens;
}
