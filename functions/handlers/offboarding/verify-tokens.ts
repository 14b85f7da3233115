import { TokenOutcome, VerifyTokensInput } from '../../contracts/offboarding-steps.ts';
import { verifyTokens } from '../../core/offboarding/verify-tokens.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'verify-tokens',
  input: VerifyTokensInput,
  output: TokenOutcome,
  run: ({ run, memberId, task, review }, deps) => verifyTokens(run, memberId, task, review, deps),
});
