/**
 * Items as stored, parsed with zod on every read (DESIGN.md "Every boundary validates"): a
 * malformed item is an error naming its key, never a silent pass. The key attributes
 * (pk/sk/gsi1pk/gsi1sk) are not part of the schemas; zod drops them on parse.
 */
import * as z from 'zod';
import type { ApprovalStatus } from '../../core/model/approval-statuses.ts';
import { LifecycleStates } from '../../core/model/lifecycle-states.ts';
import { RunStatuses } from '../../core/model/run-statuses.ts';

const AppliedEvent = z.object({
  id: z.string(),
  type: z.string(),
  effectiveAt: z.string(),
  occurredAt: z.string(),
});

export const ProfileItem = z.object({
  employeeId: z.string(),
  email: z.string(),
  fullName: z.string(),
  department: z.string().nullable(),
  managerEmail: z.string().nullable(),
  trelloMemberId: z.string().nullable(),
  lifecycle: z.enum(LifecycleStates),
  onLeave: z.boolean(),
  lastEvent: AppliedEvent.nullable(),
  lastLifecycleEvent: AppliedEvent.nullable().optional(),
  lastLeaveEvent: AppliedEvent.nullable().optional(),
  currentRunId: z.string().nullable(),
  version: z.number().int().positive(),
  updatedAt: z.string(),
});
export type ProfileItem = z.infer<typeof ProfileItem>;

/** A person's HR event; `detail.stale` marks one refused as older in HR order. */
export const PersonEventItem = z.object({
  id: z.string(),
  type: z.string(),
  effectiveAt: z.string(),
  occurredAt: z.string(),
  detail: z.object({ stale: z.boolean().optional() }).loose().optional(),
});
export type PersonEventItem = z.infer<typeof PersonEventItem>;

/**
 * The HR event de-duplication marker. A `pending` claim belongs to the delivery that made it until
 * `leaseUntil`; after that one other delivery takes it over (a conditional write naming the
 * `claimedAt` it read). Markers written before bodies were hashed have no hash, claim time or lease.
 */
export const HrEventItem = z.object({
  eventId: z.string(),
  status: z.enum(['pending', 'published']),
  /** SHA-256 (hex) of the canonical body first received under this id: that body is kept. */
  bodyHash: z.string().optional(),
  /** When the current claim was made (ISO), and until when no other delivery may take it over. */
  claimedAt: z.string().optional(),
  leaseUntil: z.string().optional(),
  /** Hashes of other bodies sent under this id and already reported to admins. */
  conflictHashes: z.set(z.string()).optional(),
  /** The marker's expiry as an ISO string: dynalite has no TTL, so reads compare this. */
  expiresAtIso: z.string(),
  /** Epoch seconds, for DynamoDB TTL on AWS. */
  expiresAt: z.number(),
});
export type HrEventItem = z.infer<typeof HrEventItem>;

export const RunStepItem = z.object({
  step: z.string(),
  at: z.string(),
  result: z.enum(['done', 'skipped', 'planned', 'failed']),
  detail: z.string(),
});

export const CutItem = z.object({
  state: z.enum(['trying', 'done', 'refused', 'gave-up']),
  effectiveAt: z.string(),
  dueAt: z.string(),
  sloSeconds: z.number(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  seconds: z.number().nullable(),
  lateNotifiedAt: z.string().nullable(),
  detail: z.string().nullable(),
  rev: z.number().int(),
});

export const RunItem = z.object({
  runId: z.string(),
  kind: z.enum(['onboarding', 'offboarding', 'sweep', 'mover', 'leave', 'reconciliation']),
  employeeId: z.string().nullable(),
  executionName: z.string(),
  eventId: z.string().nullable(),
  status: z.enum(RunStatuses),
  outcome: z.string().nullable(),
  summary: z.string().nullable(),
  dryRun: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Latest entry per step name: a re-run replaces its entry in place. */
  steps: z.record(z.string(), RunStepItem),
  /**
   * Step names in order of first occurrence, appended in the same write that adds the entry.
   * Absent on runs written before it existed (their steps then read in stored map order).
   */
  stepOrder: z.array(z.string()).default([]),
  /** The HR event the run was started for, as it arrived. */
  event: z.unknown().optional(),
  /** Executions before the current one, with the steps each recorded (appended, never removed). */
  earlierAttempts: z
    .array(
      z.object({
        executionName: z.string(),
        endedAs: z.string(),
        supersededAt: z.string(),
        by: z.string(),
        steps: z.array(RunStepItem),
        cuts: z.object({ trello: CutItem.optional(), idp: CutItem.optional() }).optional(),
      }),
    )
    .optional(),
  /** Offboarding: the access cuts, one attribute each (`cut_trello`, `cut_idp`). */
  cut_trello: CutItem.optional(),
  cut_idp: CutItem.optional(),
});
export type RunItem = z.infer<typeof RunItem>;

export const PersonRunItem = z.object({ runId: z.string() });

/** An audit entry before it has a place in its chain (what a pending append keeps). */
export const AuditBody = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  result: z.enum(['begun', 'succeeded', 'failed', 'planned', 'skipped']),
  detail: z.string(),
  runId: z.string().nullable(),
  employeeId: z.string().nullable(),
  attempt: z.number().int().positive(),
  begunId: z.string().nullable(),
});
export type AuditBody = z.infer<typeof AuditBody>;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** An audit entry in its day's chain (`AUDIT#<day>` / `SEQ#<seq>`); never updated or deleted. */
export const AuditItem = AuditBody.extend({
  seq: z.number().int().positive(),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});
export type AuditItem = z.infer<typeof AuditItem>;

/** The place and hash of a chain's last entry (seq 0 and 64 zeros: the chain is empty). */
export const AuditChainTail = z.object({ seq: z.number().int().nonnegative(), hash: Sha256Hex });
export type AuditChainTail = z.infer<typeof AuditChainTail>;

/** A day chain's head: the last entry appended (put-only, it only moves forward). */
export const AuditHeadItem = AuditChainTail.extend({ id: z.string().nullable() });
export type AuditHeadItem = z.infer<typeof AuditHeadItem>;

/**
 * An entry being appended: its body (fixed when the append was claimed, so whoever finishes it
 * writes the same entry), the chain tail seen before the claim (the entry can only be after it),
 * and its seq once it is known to be in the chain.
 */
const PendingAppend = z.object({ entry: AuditBody, after: AuditChainTail });
export type PendingAppend = z.infer<typeof PendingAppend>;

const AuditPlace = z.object({ day: z.string(), seq: z.number().int().positive() });

/** One audited change of a run (`RUN#<runId>` / `AUDITCHANGE#<sha256>`): mutable, not an entry. */
export const AuditChangeItem = z.object({
  runId: z.string(),
  actionKey: z.string(),
  attempt: z.number().int().positive(),
  begun: PendingAppend,
  begunSeq: z.number().int().positive().optional(),
  outcome: PendingAppend.optional(),
  outcomeSeq: z.number().int().positive().optional(),
  /** The places of the begun and outcome entries of every earlier (failed) attempt. */
  history: z.array(z.object({ begun: AuditPlace, outcome: AuditPlace })),
});
export type AuditChangeItem = z.infer<typeof AuditChangeItem>;

const ApprovalStatuses = ['pending', 'approved', 'rejected', 'expired'] as const satisfies ApprovalStatus[];

export const ApprovalItem = z.object({
  id: z.string(),
  runId: z.string(),
  kind: z.string(),
  subjectEmployeeId: z.string().nullable(),
  subjectEmail: z.string().nullable(),
  question: z.string(),
  options: z.array(z.string()),
  status: z.enum(ApprovalStatuses),
  createdAt: z.string(),
  expiresAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
  /** Never leaves the store except through approvalTaskToken(). */
  taskToken: z.string(),
});
export type ApprovalItem = z.infer<typeof ApprovalItem>;

/** Parses a stored item; `key` names it in the error so an operator can find and fix it. */
export function parseItem<T>(schema: z.ZodType<T>, item: unknown, key: { pk: string; sk: string }): T {
  const parsed = schema.safeParse(item);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`)
      .join('; ');
    throw new Error(`Malformed record pk=${key.pk} sk=${key.sk}: ${problems}`);
  }
  return parsed.data;
}
