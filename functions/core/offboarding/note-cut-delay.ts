/**
 * Note Cut Delay: an access cut failed (Trello or the IdP down or throttling, a step out of time,
 * credentials refused…). A cut never gives up quietly: this records the try, tells admins once
 * the cut is past its SLO, and says how long the workflow waits before trying again (5 s doubling,
 * at most five minutes; 5–15 s, not growing, when Trello's rate limit was only fully booked; when
 * the IdP's was, until the turn the IdP pacer gave the cut, else 10 s doubling to 2 minutes).
 * Only when the cut's keep-trying window (24 h by default) has passed does it give up: the cut is recorded as given up and the run ends `access-remains`, which alarms.
 * A newer run owning the person (a rehire) stops the cut: RunSupersededError ends the run.
 */

import { ErrorNames, IdpBusyError } from '../errors.ts';
import { causeMessage } from '../lifecycle/release-lifecycle.ts';
import type { AccessCut } from '../model/access-cuts.ts';
import { ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import { CUT_NAMES, recordCutEnded, recordCutFailure } from './access-cut.ts';
import {
  busyRetryDelaySeconds,
  type CutClock,
  idpBusyRetryDelaySeconds,
  retryDelaySeconds,
} from './cut-clock.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

export interface CutDelay {
  attempt: number;
  waitSeconds: number;
  giveUp: boolean;
}

/** Errors that no later try can change: the step's own input is wrong (a defect). */
const HOPELESS = new Set<string>([ErrorNames.StepInputInvalid]);

export const CUT_STEPS: Record<AccessCut, string> = {
  trello: 'deactivate-member',
  idp: 'deactivate-idp-sign-in',
};

export async function noteCutDelay(
  run: RunContext,
  cut: AccessCut,
  clock: CutClock,
  failure: { Error: string; Cause?: string | null },
  deps: OffboardingDeps<'people' | 'runs'>,
): Promise<CutDelay> {
  await ensureCurrentRun(run, deps);
  const error = `${failure.Error}: ${causeMessage(failure.Cause ?? null) ?? 'no detail'}`;
  const attempt = await recordCutFailure(run, cut, clock, error, deps);
  const now = deps.clock.now();
  const left = Math.floor((Date.parse(clock.giveUpAt) - now.getTime()) / 1000);
  if (left <= 0 || HOPELESS.has(failure.Error)) {
    const detail = `Gave up the ${CUT_NAMES[cut]} after ${attempt} failed ${attempt === 1 ? 'try' : 'tries'}: ${error}. Access remains: cut it by hand`;
    await recordCutEnded(run, cut, clock, { state: 'gave-up', detail }, deps);
    await recordStep(run, deps, CUT_STEPS[cut], 'failed', detail);
    return { attempt, waitSeconds: 0, giveUp: true };
  }
  const pause =
    failure.Error === ErrorNames.TrelloBusy
      ? busyRetryDelaySeconds(attempt, run.runId)
      : failure.Error === ErrorNames.IdpBusy
        ? (IdpBusyError.turnInSeconds(causeMessage(failure.Cause ?? null)) ??
          idpBusyRetryDelaySeconds(attempt, run.runId))
        : retryDelaySeconds(attempt, run.runId);
  const waitSeconds = Math.min(left, pause);
  await recordStep(
    run,
    deps,
    CUT_STEPS[cut],
    'failed',
    `Try ${attempt} of the ${CUT_NAMES[cut]} failed (${error}); trying again in ${waitSeconds} s, until ${clock.giveUpAt}`,
  );
  return { attempt, waitSeconds, giveUp: false };
}
