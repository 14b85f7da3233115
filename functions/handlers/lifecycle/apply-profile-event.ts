import * as z from 'zod';
import { defineStep } from '../../composition/define-step.ts';
import { leaveSettings } from '../../composition/leave-settings.ts';
import { idp } from '../../composition/providers/idp.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { trello } from '../../composition/providers/trello.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import { applyProfileEvent } from '../../core/lifecycle/apply-profile-event.ts';

/** Target of the bus rules for HR events that update the profile only (an EventBridge event in). */
export const handler = defineStep({
  name: 'apply-profile-event',
  input: z.object({ detail: LifecycleEventDetail }),
  output: z.object({ applied: z.boolean(), reason: z.string() }),
  ports: { trello, notifier, idp, workflow },
  records: ['people', 'runs', 'audit', 'approvals'],
  run: ({ detail }, deps) => applyProfileEvent(detail, { ...deps, ...leaveSettings(deps) }),
});
