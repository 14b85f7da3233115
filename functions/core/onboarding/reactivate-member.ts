/** Reactivate Member: a deactivated account must be reactivated before it can hold a seat again. */
import type { RunContext } from '../run-context.ts';
import { changeMember } from './change-member.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';

export function reactivateMember(
  run: RunContext,
  memberId: string | null,
  deps: OnboardingDeps,
): Promise<{ memberId: string | null }> {
  return changeMember(run, memberId, deps, {
    step: 'reactivate-member',
    action: 'reactivate-member',
    what: 'reactivate in the Enterprise',
    apply: (trello, id) => trello.setDeactivated(id, false),
  });
}
