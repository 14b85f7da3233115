/** Step input/output of the leave-approval workflow (workflows/leave-approval). */
import * as z from 'zod';
import { ApprovalStatuses } from '../core/model/approval-statuses.ts';
import { LifecycleEventDetail } from './hr-event.ts';

/** Every step gets the leave start's HR event: the execution's input, as the bus carries it. */
export const AskLeaveApprovalInput = z.object({
  detail: LifecycleEventDetail,
  taskToken: z.string().min(1),
});
export const AskLeaveApprovalOutput = z.object({
  approvalId: z.string(),
  status: z.enum(ApprovalStatuses),
});

export const SettleLeaveApprovalInput = z.object({
  detail: LifecycleEventDetail,
  /** What SendTaskSuccess sent (an admin approved), or the error the workflow caught. */
  decision: z.union([
    z.object({
      decision: z.literal('approved'),
      approvalId: z.string(),
      decidedBy: z.string().nullable(),
      comment: z.string().nullable(),
    }),
    z.object({ Error: z.string(), Cause: z.string().nullish() }),
  ]),
});
export const SettleLeaveApprovalOutput = z.object({ outcome: z.string() });
