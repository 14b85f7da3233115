/**
 * Decide Onboarding Path: one read of the person's Enterprise membership (by exact email), then
 * the pure decision tree. The Choice state after it switches on `path`.
 */
import { decideOnboarding, type OnboardingPath } from '../onboarding-decision.ts';
import { ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';

export interface MemberDecision {
  path: OnboardingPath;
  memberId: string | null;
  reason: string;
}

export async function decideOnboardingPath(
  run: RunContext,
  deps: OnboardingDeps<'people' | 'runs'>,
): Promise<MemberDecision> {
  await ensureCurrentRun(run, deps);
  const member = await deps.trello.findMemberByEmail(run.person.email);
  const decision = decideOnboarding(member, deps.onboarding.newUserPolicy);
  await recordStep(run, deps, 'decide-onboarding-path', 'done', decision.reason);
  return { path: decision.path, memberId: member?.memberId ?? null, reason: decision.reason };
}
