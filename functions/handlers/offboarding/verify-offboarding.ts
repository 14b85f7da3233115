import { OffboardingReport, VerifyOffboardingInput } from '../../contracts/offboarding-steps.ts';
import { verifyOffboarding } from '../../core/offboarding/verify-offboarding.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'verify-offboarding',
  input: VerifyOffboardingInput,
  output: OffboardingReport,
  run: (facts, deps) => verifyOffboarding(facts, deps),
});
