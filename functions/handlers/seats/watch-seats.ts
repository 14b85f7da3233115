import * as z from 'zod';
import { defineStep } from '../../composition/define-step.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { trello } from '../../composition/providers/trello.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { watchSeats } from '../../core/approvals/watch-seats.ts';

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
  records: ['people', 'runs', 'audit', 'approvals', 'seatReadings'],
  run: (_input, deps) => watchSeats(deps),
});
