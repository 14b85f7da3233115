/**
 * Idle-seat sweeps (DESIGN.md "Records": `SWEEP#<id>`), the members each listed, and ask-first
 * sweeps' questions: the single source of their shapes.
 */
import * as z from 'zod';
import { SweepMemberStates, SweepModes, SweepStatuses } from '../../core/model/sweep-vocabulary.ts';
import { Instant } from './instant.ts';

export const SweepRecord = z.object({
  sweepId: z.string(),
  mode: z.enum(SweepModes),
  dryRun: z.boolean(),
  /** YYYY-MM-DD: members not active since this day are idle. */
  inactiveSince: z.string(),
  requestedBy: z.string(),
  status: z.enum(SweepStatuses),
  startedAt: Instant,
  finishedAt: Instant.nullable(),
  seatsBefore: z.number().nullable(),
  seatsAfter: z.number().nullable(),
});
export type SweepRecord = z.infer<typeof SweepRecord>;

export const SweepMember = z.object({
  memberId: z.string(),
  email: z.string().nullable(),
  fullName: z.string(),
  lastActiveAt: z.string().nullable(),
  state: z.enum(SweepMemberStates),
  reason: z.string(),
});
export type SweepMember = z.infer<typeof SweepMember>;

/**
 * An ask-first sweep's question to one idle member. Only the hash of the link's secret is kept;
 * `sentAt` is null until the message went out (a crash before that lets a retry ask again).
 */
export const KeepAsk = z.object({
  memberId: z.string(),
  email: z.string(),
  tokenHash: z.string(),
  answerBy: z.string(),
  sentAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export type KeepAsk = z.infer<typeof KeepAsk>;
