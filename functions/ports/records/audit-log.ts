/**
 * The audit trail (DESIGN.md "Records": `AUDIT#<day>`): append-only, hash-chained per UTC day, so
 * an edit is detectable.
 */
import type { AuditEntry, AuditVerification, StoredAuditEntry } from '../../contracts/records/audit.ts';
import type { AuditOutcome } from '../../core/model/audit-results.ts';
import type { Page } from './page.ts';

// Shapes of records: each the z.infer of its schema in contracts/records/, their single source.
export type { AuditEntry, AuditVerification, StoredAuditEntry };

/**
 * One attempt at one change, as begun: where its `begun` entry is, so its outcome is appended
 * once. Callers hand it back unchanged.
 */
export interface AuditRef {
  /** The UTC day (chain) and place of the attempt's begun entry. */
  day: string;
  seq: number;
  /** The begun entry's id: the outcome names it. */
  id: string;
  attempt: number;
  /** The run's change the attempt belongs to; null for an entry not tied to a run. */
  change: { runId: string; actionKey: string } | null;
}

export interface AuditLog {
  /**
   * Appends the `begun` entry of an attempt at one change of one run, once: a re-run of the step
   * with the same `actionKey` gets the same attempt back instead of a second begun entry, until
   * that attempt's outcome is `failed`; then the next call begins attempt 2 (a new entry).
   * With `runId` null every call appends a new entry.
   */
  beginAudit(
    runId: string | null,
    actionKey: string,
    entry: Omit<AuditEntry, 'id' | 'result'>,
  ): Promise<{ ref: AuditRef; entry: StoredAuditEntry }>;
  /**
   * The current attempt at (run, action key): its outcome entry once written, else its begun
   * entry; null when none was begun (a crash before the begun entry was appended counts as none).
   */
  findAuditEntry(
    runId: string,
    actionKey: string,
  ): Promise<{ ref: AuditRef; entry: StoredAuditEntry } | null>;
  /**
   * Appends the outcome of the attempt `ref` began, as a new entry naming it (the begun entry
   * is never changed). Once per attempt: the first outcome stands and is returned again; null
   * when a later attempt has begun since. `at` defaults to now.
   */
  completeAudit(
    ref: AuditRef,
    result: AuditOutcome,
    detail: string,
    at?: string,
  ): Promise<StoredAuditEntry | null>;
  /** Every audit entry of one run (begun and outcome of each attempt), in time order. */
  runAudit(runId: string): Promise<Array<{ ref: AuditRef; entry: StoredAuditEntry }>>;
  /** Entries since a time, day after day, each day in chain order. */
  listAudit(filter: {
    since: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<StoredAuditEntry>>;
  /** Walks the hash chains of every day from `since` (a day or instant; default: all) and names the first break. */
  verifyAudit(filter: { since?: string }): Promise<AuditVerification>;
}
