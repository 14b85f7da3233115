import { defineStep } from '../../composition/define-step.ts';
import { idp } from '../../composition/providers/idp.ts';
import { trello } from '../../composition/providers/trello.ts';
import { OffboardingReport, VerifyOffboardingInput } from '../../contracts/offboarding-steps.ts';
import { verifyOffboarding } from '../../core/offboarding/verify-offboarding.ts';

export const handler = defineStep({
  name: 'verify-offboarding',
  input: VerifyOffboardingInput,
  output: OffboardingReport,
  ports: { trello, idp },
  records: ['people', 'runs', 'audit', 'approvals'],
  run: (facts, deps) => verifyOffboarding(facts, deps),
});
