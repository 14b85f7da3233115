import { DeactivateIdpUserInput, DeactivateIdpUserOutput } from '../../contracts/offboarding-steps.ts';
import { deactivateIdpUser } from '../../core/offboarding/deactivate-idp-user.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'deactivate-idp-user',
  input: DeactivateIdpUserInput,
  output: DeactivateIdpUserOutput,
  // The sign-in cut is an access cut: its calls go ahead of other work under a burst.
  urgent: true,
  run: ({ run, scope, clock }, deps) => deactivateIdpUser(run, scope, clock, deps),
});
