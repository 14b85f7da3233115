import { LeaverMemberInput, TokenReview } from '../../contracts/offboarding-steps.ts';
import { reviewTokens } from '../../core/offboarding/review-tokens.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'review-tokens',
  input: LeaverMemberInput,
  output: TokenReview,
  run: ({ run, memberId }, deps) => reviewTokens(run, memberId, deps),
});
