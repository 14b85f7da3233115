import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { CheckFirstLoginInput, CheckFirstLoginOutput } from '../../contracts/onboarding-steps.ts';
import { checkFirstLogin } from '../../core/onboarding/check-first-login.ts';

export const handler = defineStep({
  name: 'check-first-login',
  input: CheckFirstLoginInput,
  output: CheckFirstLoginOutput,
  ports: { trello },
  records: ['people', 'runs'],
  run: ({ run, deadline, waitedSeconds, firstWaitSeconds, maxWaitSeconds }, deps) =>
    checkFirstLogin(run, { deadline, waitedSeconds, backoff: { firstWaitSeconds, maxWaitSeconds } }, deps),
});
