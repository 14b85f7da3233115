import { DeactivateIdpUserInput, DeactivateIdpUserOutput } from '../../contracts/offboarding-steps.ts';
import { deactivateIdpUser } from '../../core/offboarding/deactivate-idp-user.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'deactivate-idp-user',
  input: DeactivateIdpUserInput,
  output: DeactivateIdpUserOutput,
  run: ({ run, scope }, deps) => deactivateIdpUser(run, scope, deps),
});
