import { TokenOutcome, VerifyTokensInput } from '../../contracts/offboarding-steps.ts';
import { verifyTokens } from '../../core/offboarding/verify-tokens.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { atlassianTokens, idp } from '../../runtime/providers/idp.ts';
import { trello } from '../../runtime/providers/trello.ts';

export const handler = defineStep({
  name: 'verify-tokens',
  input: VerifyTokensInput,
  output: TokenOutcome,
  ports: { trello, idp, atlassianTokens },
  run: ({ run, memberId, task, review }, deps) => verifyTokens(run, memberId, task, review, deps),
});
