/**
 * The mass-change guard's quarantine (ports/guard-store.ts): its batches and the runs each holds,
 * the single source of their shapes.
 */
import * as z from 'zod';
import { GuardKinds } from '../../core/model/guard-kind.ts';

/** `moved`: the run joined a batch an admin had decided as a whole, and went on to a newer batch. */
export const HoldDecisions = ['pending', 'released', 'discarded', 'moved'] as const;
export type HoldDecision = (typeof HoldDecisions)[number];

/** One run held in a quarantine batch. */
export const HeldRun = z.object({
  batchId: z.string(),
  runId: z.string(),
  eventId: z.string(),
  employeeId: z.string(),
  email: z.string(),
  fullName: z.string(),
  department: z.string().nullable(),
  managerEmail: z.string().nullable(),
  heldAt: z.string(),
  /** The detail of the admission refused (its position, the limit). */
  reason: z.string(),
  decision: z.enum(HoldDecisions),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type HeldRun = z.infer<typeof HeldRun>;

export const QuarantineBatch = z.object({
  batchId: z.string(),
  kind: z.enum(GuardKinds),
  openedAt: z.string(),
  /** `open` while runs may still join it; `decided` once an admin has released or discarded it. */
  status: z.enum(['open', 'decided']),
  /** The window and limit at the time the batch opened, for the notification and the console. */
  windowMinutes: z.number(),
  limit: z.number(),
});
export type QuarantineBatch = z.infer<typeof QuarantineBatch>;
