/**
 * Check First Login (policy `wait-for-first-login`): has the person logged in to Trello once?
 * A user provisioned in the IdP does not appear in the Enterprise until then (DESIGN.md).
 */
import { ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import { type FirstLoginBackoff, nextFirstLoginWait } from './first-login-backoff.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';

export interface FirstLoginCheck {
  status: 'logged-in' | 'waiting' | 'gave-up';
  /** How long to wait before the next check (while `waiting`). */
  waitSeconds: number;
}

export async function checkFirstLogin(
  run: RunContext,
  poll: { deadline: string; waitedSeconds: number; backoff: FirstLoginBackoff },
  deps: OnboardingDeps<'people' | 'runs'>,
): Promise<FirstLoginCheck> {
  const { deadline } = poll;
  await ensureCurrentRun(run, deps);
  const member = await deps.trello.findMemberByEmail(run.person.email);
  if (member !== null) {
    await recordStep(run, deps, 'check-first-login', 'done', `${run.person.email} has logged in`);
    return { status: 'logged-in', waitSeconds: 0 };
  }
  if (deps.clock.now().getTime() >= Date.parse(deadline)) {
    await recordStep(run, deps, 'check-first-login', 'done', `No first login by ${deadline}; giving up`);
    return { status: 'gave-up', waitSeconds: 0 };
  }
  const waitSeconds = nextFirstLoginWait(
    poll.backoff,
    poll.waitedSeconds,
    (Date.parse(deadline) - deps.clock.now().getTime()) / 1000,
  );
  await recordStep(
    run,
    deps,
    'check-first-login',
    'skipped',
    `Not logged in yet; looking again in ${Math.round(waitSeconds / 60)} min, until ${deadline} at most`,
  );
  return { status: 'waiting', waitSeconds };
}
