/**
 * Begin Offboarding — primary course:
 * 1. Create the run record once (run id from the event id).
 * 2. Refuse a stale event (older in HR order than what was applied to the person).
 * 3. Claim the person's lifecycle; an onboarding still in flight for them is ended and marked
 *    superseded (its partial effects are covered by this run: it deactivates whatever exists).
 * 4. Say when to start: `effectiveAt`, or now when that is past or the termination is urgent.
 * Alternative courses: a dry run plans without claiming anything; a duplicate execution and a
 * run already finished do nothing.
 */
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import { withdrawOpenApprovals } from '../approvals/withdraw-open-approvals.ts';
import { ErrorNames } from '../errors.ts';
import { claimLifecycle, runPersonOf } from '../lifecycle/claim-lifecycle.ts';
import { type RunContext, recordStep } from '../run-context.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

export interface BeginOffboardingResult {
  proceed: boolean;
  reason: string;
  run: RunContext;
  startAt: string;
  idpPlan: 'none' | 'sign-in' | 'account';
}

const IN_FLIGHT = new Set(['running', 'waiting-approval']);

export function offboardingRunId(eventId: string): string {
  return `offboarding:${eventId}`;
}

export async function beginOffboarding(
  event: LifecycleEventDetail,
  executionName: string,
  deps: OffboardingDeps,
): Promise<BeginOffboardingResult> {
  const now = deps.clock.now();
  const run: RunContext = {
    runId: offboardingRunId(event.id),
    executionName,
    actor: event.requestedBy ?? `hr:${event.id}`,
    dryRun: event.dryRun,
    person: runPersonOf(event),
  };
  const startAt = event.urgent ? now : new Date(Math.max(now.getTime(), Date.parse(event.effectiveAt)));
  const idpPlan = deps.idp === null ? 'none' : deps.offboarding.idpScope;
  const result = (proceed: boolean, reason: string): BeginOffboardingResult => ({
    proceed,
    reason,
    run,
    startAt: startAt.toISOString(),
    idpPlan,
  });

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
  if (claim.previousRunId) await supersede(claim.previousRunId, run, deps, now.toISOString());
  return result(true, claim.reason);
}

/**
 * Ends the person's run still in flight (an onboarding) and records why. A run waiting on an
 * approval is resumed with RunSuperseded (it then finishes as `superseded` on its own, a clean
 * end the alarms ignore); one that is not waiting on anything Lanyard holds is stopped.
 */
async function supersede(previousRunId: string, run: RunContext, deps: OffboardingDeps, now: string) {
  const previous = await deps.records.getRun(previousRunId);
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
  await deps.records.finishRun(previousRunId, {
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

async function pendingTaskTokens(runId: string, deps: OffboardingDeps): Promise<string[]> {
  const tokens: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.records.listApprovals({ status: 'pending', limit: 100, cursor });
    for (const approval of page.items.filter((a) => a.runId === runId)) {
      const token = await deps.records.approvalTaskToken(approval.id);
      if (token) tokens.push(token);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return tokens;
}
