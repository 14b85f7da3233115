import { MemberIdResult, RunAndMember } from '../../contracts/onboarding-steps.ts';
import { reactivateMember } from '../../core/onboarding/reactivate-member.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { trello } from '../../runtime/providers/trello.ts';

export const handler = defineStep({
  name: 'reactivate-member',
  input: RunAndMember,
  output: MemberIdResult,
  ports: { trello },
  run: ({ run, memberId }, deps) => reactivateMember(run, memberId, deps),
});
