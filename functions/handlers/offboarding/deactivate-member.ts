import { defineStep } from '../../composition/define-step.ts';
import { metrics } from '../../composition/providers/metrics.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { trello } from '../../composition/providers/trello.ts';
import { DeactivateMemberInput, DeactivateMemberOutput } from '../../contracts/offboarding-steps.ts';
import { deactivateMember } from '../../core/offboarding/deactivate-member.ts';

export const handler = defineStep({
  name: 'deactivate-member',
  input: DeactivateMemberInput,
  output: DeactivateMemberOutput,
  // The Trello access cut: its Trello calls go ahead of other work under a burst.
  urgent: true,
  ports: { trello, notifier, metrics },
  records: ['people', 'runs', 'audit'],
  run: ({ run, clock }, deps) => deactivateMember(run, clock, deps),
});
