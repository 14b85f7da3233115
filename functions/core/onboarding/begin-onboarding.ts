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
import { claimLifecycle, runPersonOf } from '../lifecycle/claim-lifecycle.ts';
import { onboardingRunId } from '../lifecycle/run-ids.ts';
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
  rehire: boolean;
}

export async function beginOnboarding(
  event: LifecycleEventDetail,
  executionName: string,
  deps: Pick<OnboardingDeps, 'runs' | 'people' | 'clock' | 'onboarding'>,
): Promise<BeginOnboardingResult> {
  const now = deps.clock.now();
  const run: RunContext = {
    runId: onboardingRunId(event.id),
    executionName,
    actor: `hr:${event.id}`,
    dryRun: event.dryRun,
    person: runPersonOf(event),
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
    rehire: event.type === 'employee.rehired',
  });

  const claim = await claimLifecycle(
    event,
    run,
    { kind: 'onboarding', lifecycle: 'onboarding', summary: null },
    deps,
  );
  return result(claim.proceed, claim.reason);
}
