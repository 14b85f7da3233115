/**
 * How an onboarding or offboarding run begins, the same way for both:
 * 1. Create the run record once (its id comes from the HR event id).
 * 2. A second execution for the same event is a duplicate; a run already finished is not walked
 *    again.
 * 3. Refuse a stale event (older in HR order than what was applied to the person): the run ends
 *    `skipped`, nothing is claimed.
 * 4. Claim the person's lifecycle for this run (optimistic concurrency, read again on a race) and
 *    record the event in their history. A dry run plans against the real state but claims nothing.
 */
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { PersonProfile } from '../../ports/records/people.ts';
import type { RunRecord } from '../../ports/records/runs.ts';
import { ConcurrentUpdateError } from '../errors.ts';
import { appliedBefore, appliedEventOf, compareHrOrder, isNewest, isStaleFor } from '../event-ordering.ts';
import type { LifecycleState } from '../model/lifecycle-states.ts';
import type { RunKind, RunStatus } from '../model/run-statuses.ts';
import type { RunContext, RunPerson, StepDeps } from '../run-context.ts';

const IN_FLIGHT = new Set(['running', 'waiting-approval']);

/** The person a run is about, as the HR event names them. */
export function runPersonOf(event: LifecycleEventDetail): RunPerson {
  return {
    id: event.employee.id,
    email: event.employee.email,
    fullName: event.employee.fullName,
    department: event.employee.department ?? null,
    managerEmail: event.employee.managerEmail ?? null,
  };
}

export interface LifecycleClaim {
  proceed: boolean;
  reason: string;
  /** The run that owned the person's lifecycle before this one claimed it (null when none). */
  previousRunId: string | null;
  /** The person's record as it was when claimed (null when there was none, or nothing was claimed). */
  before: PersonProfile | null;
}

export async function claimLifecycle(
  event: LifecycleEventDetail,
  run: RunContext,
  claim: { kind: RunKind; lifecycle: LifecycleState; summary: string | null },
  deps: Pick<StepDeps, 'runs' | 'people' | 'clock'>,
): Promise<LifecycleClaim> {
  const now = deps.clock.now();
  const stop = (reason: string): LifecycleClaim => ({
    proceed: false,
    reason,
    previousRunId: null,
    before: null,
  });
  const { created, run: stored } = await deps.runs.createRun(
    newRunRecord(event, run, { kind: claim.kind, status: 'running', summary: claim.summary }, now),
  );
  if (!created && stored.executionName !== run.executionName) {
    return stop(`Duplicate: event ${event.id} is handled by execution ${stored.executionName}`);
  }
  if (!created && !IN_FLIGHT.has(stored.status)) {
    return stop(`Run ${run.runId} already finished (${stored.status}); nothing to do`);
  }
  if (!created && stored.steps.length > 0) {
    // The same execution runs again from its start (a restart of the runtime): what the
    // interrupted pass recorded moves to the run's earlier attempts, so the steps shown are this pass's.
    await deps.runs.restartRun(run.runId, {
      executionName: run.executionName,
      expectedExecutionName: run.executionName,
      from: [...IN_FLIGHT] as RunStatus[],
      by: 'restart',
      at: now.toISOString(),
    });
  }

  let previousRunId: string | null = null;
  let before: PersonProfile | null = null;
  for (let attempt = 1; ; attempt++) {
    const profile = await deps.people.getProfile(run.person.id);
    if (isStaleFor(event, profile)) {
      const applied = appliedBefore(event.type, profile);
      const summary = `Stale: ${event.type} ${event.id} is older in HR order than ${applied?.type} ${applied?.id}, already applied`;
      await deps.runs.finishRun(run.runId, {
        status: 'skipped',
        outcome: 'stale',
        summary,
        finishedAt: now.toISOString(),
      });
      return stop(summary);
    }
    if (event.dryRun)
      return { proceed: true, reason: 'Dry run: planning only', previousRunId: null, before: null };
    try {
      await deps.people.putProfile(
        claimedProfile(profile, event, run, claim.lifecycle, now),
        profile?.version ?? null,
      );
      previousRunId =
        profile?.currentRunId && profile.currentRunId !== run.runId ? profile.currentRunId : null;
      before = profile;
      break;
    } catch (error) {
      // Another event for the same person landed between our read and write: read again.
      if (!(error instanceof ConcurrentUpdateError) || attempt >= 5) throw error;
    }
  }
  await deps.people.recordPersonEvent(run.person.id, {
    id: event.id,
    type: event.type,
    effectiveAt: event.effectiveAt,
    occurredAt: event.occurredAt,
    detail: event,
  });
  return { proceed: true, reason: created ? 'Started' : 'Resumed after a restart', previousRunId, before };
}

/** The record of a run as it starts: no steps, not finished, keyed on its HR event. */
export function newRunRecord(
  event: LifecycleEventDetail,
  run: RunContext,
  start: { kind: RunKind; status: RunStatus; summary: string | null },
  now: Date,
): RunRecord {
  return {
    runId: run.runId,
    kind: start.kind,
    employeeId: run.person.id,
    executionName: run.executionName,
    eventId: event.id,
    status: start.status,
    outcome: null,
    summary: start.summary,
    dryRun: event.dryRun,
    startedAt: now.toISOString(),
    finishedAt: null,
    steps: [],
    event,
  };
}

/**
 * The record once `event` (a hire, rehire or termination) owns the person. An update or a leave
 * newer in HR order may have been applied before it arrived: then their HR data (newer) and their
 * leave stay, and `lastEvent` stays theirs. A hire or rehire ends a leave HR has not restated since.
 */
function claimedProfile(
  profile: PersonProfile | null,
  event: LifecycleEventDetail,
  run: RunContext,
  lifecycle: LifecycleState,
  now: Date,
): Omit<PersonProfile, 'version'> {
  const applied = appliedEventOf(event);
  const newest = isNewest(event, profile?.lastEvent);
  const data = newest || profile === null ? run.person : profile;
  const laterLeave =
    profile?.lastLeaveEvent != null && compareHrOrder(profile.lastLeaveEvent, event) > 0
      ? profile.lastLeaveEvent
      : null;
  const onLeave =
    event.type === 'employee.terminated'
      ? (profile?.onLeave ?? false)
      : laterLeave?.type === 'employee.leave_started';
  return {
    employeeId: run.person.id,
    email: data.email,
    fullName: data.fullName,
    department: data.department,
    managerEmail: data.managerEmail,
    trelloMemberId: profile?.trelloMemberId ?? null,
    lifecycle,
    onLeave,
    lastEvent: newest ? applied : (profile?.lastEvent ?? applied),
    lastLifecycleEvent: applied,
    lastLeaveEvent: profile?.lastLeaveEvent ?? null,
    currentRunId: run.runId,
    updatedAt: now.toISOString(),
  };
}
