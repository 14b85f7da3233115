/**
 * Begin Onboarding — primary course:
 * 1. Create the run record once (run id from the HR event id).
 * 2. Refuse a stale event (older in HR order than what was applied to the person).
 * 3. Claim the person's lifecycle for this run and record the event in their history.
 * 4. Say when to start: `effectiveAt` minus the lead, or now.
 * Alternative courses: a dry run skips 3 (it plans, it owns nothing); a second execution for the same event is a duplicate and does nothing;
 * a run already finished is not walked again.
 */
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { PersonProfile, RunRecord } from '../../ports/record-store.ts';
import { ConcurrentUpdateError } from '../errors.ts';
import { isStale } from '../event-ordering.ts';
import type { RunContext } from '../run-context.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';

export interface BeginOnboardingResult {
  proceed: boolean;
  reason: string;
  run: RunContext;
  /** ISO instant the Wait state sleeps until. */
  startAt: string;
  /** ISO instant after which wait-for-first-login gives up. */
  firstLoginDeadline: string;
}

const IN_FLIGHT = new Set(['running', 'waiting-approval']);

export function onboardingRunId(eventId: string): string {
  return `onboarding:${eventId}`;
}

export async function beginOnboarding(
  event: LifecycleEventDetail,
  executionName: string,
  deps: OnboardingDeps,
): Promise<BeginOnboardingResult> {
  const now = deps.clock.now();
  const run: RunContext = {
    runId: onboardingRunId(event.id),
    executionName,
    actor: `hr:${event.id}`,
    dryRun: event.dryRun,
    person: {
      id: event.employee.id,
      email: event.employee.email,
      fullName: event.employee.fullName,
      department: event.employee.department ?? null,
      managerEmail: event.employee.managerEmail ?? null,
    },
  };
  const startAt = new Date(
    Math.max(now.getTime(), Date.parse(event.effectiveAt) - deps.onboarding.startLeadMinutes * 60_000),
  );
  const result = (proceed: boolean, reason: string): BeginOnboardingResult => ({
    proceed,
    reason,
    run,
    startAt: startAt.toISOString(),
    firstLoginDeadline: new Date(
      startAt.getTime() + deps.onboarding.firstLoginWaitHours * 3_600_000,
    ).toISOString(),
  });

  const record: RunRecord = {
    runId: run.runId,
    kind: 'onboarding',
    employeeId: run.person.id,
    executionName,
    eventId: event.id,
    status: 'running',
    outcome: null,
    summary: null,
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
    // A dry run plans against the real state but owns nothing: the person's records stay as they are.
    if (event.dryRun) return result(true, 'Dry run: planning only');
    try {
      await deps.records.putProfile(claimedProfile(profile, event, run, now), profile?.version ?? null);
      break;
    } catch (error) {
      // Another event for the same person landed between our read and write: read again.
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
  return result(true, created ? 'Started' : 'Resumed after a restart');
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
    lifecycle: 'onboarding',
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
