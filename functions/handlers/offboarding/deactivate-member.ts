import { DeactivateMemberInput, DeactivateMemberOutput } from '../../contracts/offboarding-steps.ts';
import { deactivateMember } from '../../core/offboarding/deactivate-member.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { metrics } from '../../runtime/providers/metrics.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { trello } from '../../runtime/providers/trello.ts';

export const handler = defineStep({
  name: 'deactivate-member',
  input: DeactivateMemberInput,
  output: DeactivateMemberOutput,
  // The Trello access cut: its Trello calls go ahead of other work under a burst.
  urgent: true,
  ports: { trello, notifier, metrics },
  run: ({ run, clock }, deps) => deactivateMember(run, clock, deps),
});
