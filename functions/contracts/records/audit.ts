/**
 * The audit trail's entries (DESIGN.md "Records": `AUDIT#<day>`): the single source of their
 * shapes, and of the answer of a walk of its hash chains.
 */
import * as z from 'zod';
import { AuditChainProblems, AuditResults } from '../../core/model/audit-results.ts';
import { Instant, Sha256Hex } from './instant.ts';

/** What was done, by whom, to what: what a caller gives when it begins an entry. */
export const AuditEntry = z.object({
  id: z.string(),
  at: Instant,
  /** Who or what asked: `hr:<eventId>`, `admin:<user>`, `schedule:<name>`. */
  actor: z.string(),
  /** Verb phrase: `grant-seat`, `invite-to-workspace`, `reactivate-member`… */
  action: z.string(),
  /** What it was done to: `member:<id>`, `email:<addr>`, `workspace:<id>`… */
  target: z.string(),
  result: z.enum(AuditResults),
  detail: z.string(),
  runId: z.string().nullable(),
  employeeId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** An entry and the attempt it belongs to, before it has a place in its chain. */
export const AuditAttemptEntry = AuditEntry.extend({
  /** Which try of the change: 1, then 2… after a `failed` outcome. */
  attempt: z.number().int().positive(),
  /** On an outcome: the id of the `begun` entry of its attempt; null otherwise. */
  begunId: z.string().nullable(),
});

/**
 * An audit entry as stored: what was done, the attempt it belongs to, and its place in its hash
 * chain (the entries of one UTC day, in the order they were appended; README "Audit trail").
 */
export const StoredAuditEntry = AuditAttemptEntry.extend({
  /** Place in the day's chain, from 1. */
  seq: z.number().int().positive(),
  /** SHA-256 (hex) of the chain's previous entry; 64 zeros for the first. */
  prevHash: Sha256Hex,
  /** SHA-256 (hex) of this entry's canonical form (every field but this one). */
  hash: Sha256Hex,
});
export type StoredAuditEntry = z.infer<typeof StoredAuditEntry>;

/** The result of walking the audit chains (GET /admin/audit/verify). */
export const AuditVerification = z.object({
  ok: z.boolean(),
  /** Entries whose hash and link were checked. */
  checked: z.number().int(),
  /**
   * The first entry found broken, in day and chain order: `id` is null where the entry is gone
   * (removed, or truncated past the last one the chain's head still names).
   */
  firstBroken: z
    .object({
      day: z.string(),
      seq: z.number().int(),
      id: z.string().nullable(),
      problem: z.enum(AuditChainProblems),
    })
    .nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
