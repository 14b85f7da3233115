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
import type { PersonProfile, RunRecord } from '../../ports/record-store.ts';
import { withdrawOpenApprovals } from '../approvals/withdraw-open-approvals.ts';
import { ConcurrentUpdateError, ErrorNames } from '../errors.ts';
import { isStale } from '../event-ordering.ts';
import type { RunContext } from '../run-context.ts';
import { recordStep } from '../run-context.ts';
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
    person: {
      id: event.employee.id,
      email: event.employee.email,
      fullName: event.employee.fullName,
      department: event.employee.department ?? null,
      managerEmail: event.employee.managerEmail ?? null,
    },
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

  const record: RunRecord = {
    runId: run.runId,
    kind: 'offboarding',
    employeeId: run.person.id,
    executionName,
    eventId: event.id,
    status: 'running',
    outcome: null,
    summary: event.reason ? `Requested by ${run.actor}: ${event.reason}` : null,
    dryRun: event.dryRun,
    startedAt: now.toISOString(),
    finishedAt: null,
    steps: [],
  };
  const { created, run: stored } = await deps.records.createRun(record);
  if (!created && stored.executionName !== executionName) {
    return result(false, `Duplicate: event ${event.id} is handled by execution ${stored.executionName}`);
  }
  if (!created && !IN_FLIGHT.has(stored.status)) {
    return result(false, `Run ${run.runId} already finished (${stored.status}); nothing to do`);
  }

  let previousRunId: string | null = null;
  for (let attempt = 1; ; attempt++) {
    const profile = await deps.records.getProfile(run.person.id);
    if (isStale(event, profile?.lastEvent ?? null)) {
      const applied = profile?.lastEvent;
      const summary = `Stale: ${event.type} ${event.id} is older in HR order than ${applied?.type} ${applied?.id}, already applied`;
      await deps.records.finishRun(run.runId, {
        status: 'skipped',
        outcome: 'stale',
        summary,
        finishedAt: now.toISOString(),
      });
      return result(false, summary);
    }
    if (event.dryRun) return result(true, 'Dry run: planning only');
    try {
      await deps.records.putProfile(claimedProfile(profile, event, run, now), profile?.version ?? null);
      previousRunId =
        profile?.currentRunId && profile.currentRunId !== run.runId ? profile.currentRunId : null;
      break;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= 5) throw error;
    }
  }
  await deps.records.recordPersonEvent(run.person.id, {
    id: event.id,
    type: event.type,
    effectiveAt: event.effectiveAt,
    occurredAt: event.occurredAt,
    detail: event,
  });
  if (previousRunId) await supersede(previousRunId, run, deps, now.toISOString());
  return result(true, created ? 'Started' : 'Resumed after a restart');
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

function claimedProfile(
  profile: PersonProfile | null,
  event: LifecycleEventDetail,
  run: RunContext,
  now: Date,
): Omit<PersonProfile, 'version'> {
  return {
    employeeId: run.person.id,
    email: run.person.email,
    fullName: run.person.fullName,
    department: run.person.department,
    managerEmail: run.person.managerEmail,
    trelloMemberId: profile?.trelloMemberId ?? null,
    lifecycle: 'offboarding',
    onLeave: profile?.onLeave ?? false,
    lastEvent: {
      id: event.id,
      type: event.type,
      effectiveAt: event.effectiveAt,
      occurredAt: event.occurredAt,
    },
    currentRunId: run.runId,
    updatedAt: now.toISOString(),
  };
}
