/**
 * Check First Login (policy `wait-for-first-login`): has the person logged in to Trello once?
 * A user provisioned in the IdP does not appear in the Enterprise until then (DESIGN.md).
 */
import { ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';

export interface FirstLoginCheck {
  status: 'logged-in' | 'waiting' | 'gave-up';
}

export async function checkFirstLogin(
  run: RunContext,
  deadline: string,
  deps: OnboardingDeps,
): Promise<FirstLoginCheck> {
  await ensureCurrentRun(run, deps);
  const member = await deps.trello.findMemberByEmail(run.person.email);
  if (member !== null) {
    await recordStep(run, deps, 'check-first-login', 'done', `${run.person.email} has logged in`);
    return { status: 'logged-in' };
  }
  if (deps.clock.now().getTime() >= Date.parse(deadline)) {
    await recordStep(run, deps, 'check-first-login', 'done', `No first login by ${deadline}; giving up`);
    return { status: 'gave-up' };
  }
  await recordStep(
    run,
    deps,
    'check-first-login',
    'skipped',
    `Not logged in yet; waiting until ${deadline} at most`,
  );
  return { status: 'waiting' };
}
