import { MemberIdResult, RunAndMember } from '../../contracts/onboarding-steps.ts';
import { reactivateMember } from '../../core/onboarding/reactivate-member.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'reactivate-member',
  input: RunAndMember,
  output: MemberIdResult,
  run: ({ run, memberId }, deps) => reactivateMember(run, memberId, deps),
});
