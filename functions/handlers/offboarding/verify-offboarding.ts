import { OffboardingReport, VerifyOffboardingInput } from '../../contracts/offboarding-steps.ts';
import { verifyOffboarding } from '../../core/offboarding/verify-offboarding.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { idp } from '../../runtime/providers/idp.ts';
import { trello } from '../../runtime/providers/trello.ts';

export const handler = defineStep({
  name: 'verify-offboarding',
  input: VerifyOffboardingInput,
  output: OffboardingReport,
  ports: { trello, idp },
  run: (facts, deps) => verifyOffboarding(facts, deps),
});
