import { DeactivateIdpUserInput, DeactivateIdpUserOutput } from '../../contracts/offboarding-steps.ts';
import { deactivateIdpUser } from '../../core/offboarding/deactivate-idp-user.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { idp } from '../../runtime/providers/idp.ts';
import { metrics } from '../../runtime/providers/metrics.ts';
import { notifier } from '../../runtime/providers/notifier.ts';

export const handler = defineStep({
  name: 'deactivate-idp-user',
  input: DeactivateIdpUserInput,
  output: DeactivateIdpUserOutput,
  // The sign-in cut is an access cut: its calls go ahead of other work under a burst.
  urgent: true,
  ports: { idp, notifier, metrics },
  run: ({ run, scope, clock }, deps) => deactivateIdpUser(run, scope, clock, deps),
});
