/**
 * Items as stored, parsed with zod on every read (DESIGN.md "Every boundary validates"): a
 * malformed item is an error naming its key, never a silent pass. Each is the record's schema
 * (functions/contracts/records/) plus what only storage keeps; the key attributes
 * (pk/sk/gsi1pk/gsi1sk) are not part of the schemas, and zod drops them on parse.
 */
import * as z from 'zod';
import { ApprovalRecord } from '../../contracts/records/approvals.ts';
import { AuditAttemptEntry, StoredAuditEntry } from '../../contracts/records/audit.ts';
import { Sha256Hex } from '../../contracts/records/instant.ts';
import { AppliedEvent } from '../../contracts/records/people.ts';
import { CutProgress, RunRecord, RunStep } from '../../contracts/records/runs.ts';

/** A person's HR event as kept in their history; `detail.stale` marks one refused as older in HR order. */
export const PersonEventItem = AppliedEvent.extend({
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

/**
 * A run as stored: its steps as a map (latest entry per step name, so a re-run replaces its entry
 * in place) and each access cut as an attribute of its own (`cut_trello`, `cut_idp`), replaced
 * whole under a condition on its `rev`.
 */
export const RunItem = RunRecord.omit({ steps: true, cuts: true }).extend({
  steps: z.record(z.string(), RunStep),
  /**
   * Step names in order of first occurrence, appended in the same write that adds the entry.
   * Absent on runs written before it existed (their steps then read in stored map order).
   */
  stepOrder: z.array(z.string()).default([]),
  cut_trello: CutProgress.optional(),
  cut_idp: CutProgress.optional(),
});
export type RunItem = z.infer<typeof RunItem>;

export const PersonRunItem = z.object({ runId: z.string() });

/** An audit entry before it has a place in its chain (what a pending append keeps). */
export const AuditBody = AuditAttemptEntry;
export type AuditBody = z.infer<typeof AuditBody>;

/** An audit entry in its day's chain (`AUDIT#<day>` / `SEQ#<seq>`); never updated or deleted. */
export const AuditItem = StoredAuditEntry;
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

export const ApprovalItem = ApprovalRecord.extend({
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
