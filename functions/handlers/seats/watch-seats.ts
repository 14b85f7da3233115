import * as z from 'zod';
import { watchSeats } from '../../core/approvals/watch-seats.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { trello } from '../../runtime/providers/trello.ts';
import { workflow } from '../../runtime/providers/workflow.ts';

/** Invoked by its EventBridge Scheduler schedule (infra/constructs/seat-watch-schedule.ts). */
export const handler = defineStep({
  name: 'watch-seats',
  input: z.looseObject({}),
  output: z.object({
    used: z.number().int(),
    max: z.number().int().nullable(),
    released: z.array(z.string()),
    stillQueued: z.number().int(),
  }),
  ports: { trello, notifier, workflow },
  run: (_input, deps) => watchSeats(deps),
});
