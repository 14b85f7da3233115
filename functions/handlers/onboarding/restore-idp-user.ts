import * as z from 'zod';
import { defineStep } from '../../composition/define-step.ts';
import { idp } from '../../composition/providers/idp.ts';
import { RunOnly } from '../../contracts/onboarding-steps.ts';
import { restoreIdpUser } from '../../core/onboarding/restore-idp-user.ts';

export const handler = defineStep({
  name: 'restore-idp-user',
  input: RunOnly,
  output: z.object({
    result: z.enum(['restored', 'already', 'user-not-found', 'not-configured', 'planned']),
  }),
  ports: { idp },
  records: ['people', 'runs', 'audit'],
  run: ({ run }, deps) => restoreIdpUser(run, deps),
});
