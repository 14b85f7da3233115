import { MemberIdResult, RunAndMember } from '../../contracts/onboarding-steps.ts';
import { grantSeat } from '../../core/onboarding/grant-seat.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'grant-seat',
  input: RunAndMember,
  output: MemberIdResult,
  run: ({ run, memberId }, deps) => grantSeat(run, memberId, deps),
});
