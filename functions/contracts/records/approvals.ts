/** Approvals asked of admins (DESIGN.md "Records": `APPROVAL#<id>`): the single source of their shape. */
import * as z from 'zod';
import { ApprovalStatuses } from '../../core/model/approval-statuses.ts';
import { Instant } from './instant.ts';

/** An approval as the core sees it. Its task token is kept apart: it never leaves the server. */
export const ApprovalRecord = z.object({
  id: z.string(),
  runId: z.string(),
  kind: z.string(),
  /** The person the approval is about; they may never decide it. */
  subjectEmployeeId: z.string().nullable(),
  subjectEmail: z.string().nullable(),
  question: z.string(),
  options: z.array(z.string()),
  status: z.enum(ApprovalStatuses),
  createdAt: Instant,
  expiresAt: Instant,
  decidedBy: z.string().nullable(),
  decidedAt: Instant.nullable(),
  comment: z.string().nullable(),
});
export type ApprovalRecord = z.infer<typeof ApprovalRecord>;
