import { defineStep } from '../../composition/define-step.ts';
import { atlassianTokens, idp } from '../../composition/providers/idp.ts';
import { trello } from '../../composition/providers/trello.ts';
import { TokenOutcome, VerifyTokensInput } from '../../contracts/offboarding-steps.ts';
import { verifyTokens } from '../../core/offboarding/verify-tokens.ts';

export const handler = defineStep({
  name: 'verify-tokens',
  input: VerifyTokensInput,
  output: TokenOutcome,
  ports: { trello, idp, atlassianTokens },
  records: ['people', 'runs'],
  run: ({ run, memberId, task, review }, deps) => verifyTokens(run, memberId, task, review, deps),
});
