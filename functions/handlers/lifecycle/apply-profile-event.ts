import * as z from 'zod';
import { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import { applyProfileEvent } from '../../core/lifecycle/apply-profile-event.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { idp } from '../../runtime/providers/idp.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { trello } from '../../runtime/providers/trello.ts';

/** Target of the bus rules for HR events that update the profile only (an EventBridge event in). */
export const handler = defineStep({
  name: 'apply-profile-event',
  input: z.object({ detail: LifecycleEventDetail }),
  output: z.object({ applied: z.boolean(), reason: z.string() }),
  ports: { trello, notifier, idp },
  run: ({ detail }, deps) => applyProfileEvent(detail, { ...deps, leavePolicy: deps.config.leave.policy }),
});
