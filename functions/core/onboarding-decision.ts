/**
 * The onboarding decision tree (DESIGN.md "The domain in one page"), as a pure function. The
 * workflow's "Choose Onboarding Path" Choice state switches on the enum this returns, so every
 * branch rule lives here and is unit-tested here.
 *
 * 1. Already licensed and active → nothing to grant; make sure of the Workspaces.
 * 2. Deactivated in the Enterprise → reactivate, then grant (reactivation does not re-license).
 * 3. Free managed account (managed, unlicensed) → grant.
 * 4. Board guest (collaborator, unlicensed) → grant.
 * 5. Known to the Enterprise by exact email but neither managed nor a guest → grant.
 * 6. Unknown to the Enterprise → invite to the default Workspace, or, under the policy
 *    `wait-for-first-login`, wait until the person has logged in once (so no seat is spent on
 *    someone who never uses Trello), then grant.
 */
import type { EnterpriseMember } from '../ports/trello-admin.ts';
import type { OnboardingPath } from './model/onboarding-paths.ts';

export { type OnboardingPath, OnboardingPaths } from './model/onboarding-paths.ts';

export const NewUserPolicies = ['invite', 'wait-for-first-login'] as const;
export type NewUserPolicy = (typeof NewUserPolicies)[number];

export interface OnboardingDecision {
  path: OnboardingPath;
  /** Why, in words an admin reads in the run record. */
  reason: string;
}

export function decideOnboarding(member: EnterpriseMember | null, policy: NewUserPolicy): OnboardingDecision {
  if (member === null) {
    return policy === 'wait-for-first-login'
      ? {
          path: 'wait-for-first-login',
          reason: 'No Trello account yet; policy waits for the first login before spending a seat',
        }
      : { path: 'invite', reason: 'No Trello account yet; inviting to the default Workspace' };
  }
  if (member.deactivated) {
    return {
      path: 'reactivate-and-grant',
      reason: 'Deactivated in the Enterprise; reactivating, then granting a seat',
    };
  }
  if (member.licensed) {
    return { path: 'ensure-workspaces', reason: 'Already holds a seat; checking Workspaces only' };
  }
  if (member.managed) {
    return { path: 'grant', reason: 'Free managed account; granting a seat' };
  }
  if (member.collaborator) {
    return { path: 'grant', reason: 'Board guest without a seat; granting a seat' };
  }
  // Visible to the Enterprise but neither managed nor a guest: an account on an unclaimed domain
  // that Lanyard found by exact email. Granting is what the HR hire asks for.
  return { path: 'grant', reason: 'Enterprise member without a seat; granting a seat' };
}
