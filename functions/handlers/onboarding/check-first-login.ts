import { CheckFirstLoginInput, CheckFirstLoginOutput } from '../../contracts/onboarding-steps.ts';
import { checkFirstLogin } from '../../core/onboarding/check-first-login.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'check-first-login',
  input: CheckFirstLoginInput,
  output: CheckFirstLoginOutput,
  run: ({ run, deadline }, deps) => checkFirstLogin(run, deadline, deps),
});
