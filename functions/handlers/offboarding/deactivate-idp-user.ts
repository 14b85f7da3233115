import { defineStep } from '../../composition/define-step.ts';
import { idp } from '../../composition/providers/idp.ts';
import { metrics } from '../../composition/providers/metrics.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { DeactivateIdpUserInput, DeactivateIdpUserOutput } from '../../contracts/offboarding-steps.ts';
import { deactivateIdpUser } from '../../core/offboarding/deactivate-idp-user.ts';

export const handler = defineStep({
  name: 'deactivate-idp-user',
  input: DeactivateIdpUserInput,
  output: DeactivateIdpUserOutput,
  // The sign-in cut is an access cut: its calls go ahead of other work under a burst.
  urgent: true,
  ports: { idp, notifier, metrics },
  records: ['people', 'runs', 'audit'],
  run: ({ run, scope, clock }, deps) => deactivateIdpUser(run, scope, clock, deps),
});
