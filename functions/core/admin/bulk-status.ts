/**
 * One status per member or row for bulk work (issue 16, seed 004): CSV imports, Workspace
 * consolidation and the sweep's reclaims answer each row with what happened to it, so an admin
 * sees at once who needs a hand.
 * - `added`: done now (event accepted and its run started, Workspace brought in, seat reclaimed).
 * - `already-there`: nothing to do, it was already so (a duplicate event, a seat already free).
 * - `refused-by-policy`: a rule said no (HR order, a Workspace's membership restrictions, no seat
 *   left, AdminHub): asking again changes nothing until an admin changes the rule.
 * - `failed`: something went wrong; `reason` says what and what to do.
 */

import {
  AdminHubManagedError,
  MemberDeactivatedError,
  SeatsExhaustedError,
  WorkspaceRestrictedError,
} from '../errors.ts';
import type { SweepMemberState } from '../model/sweep-vocabulary.ts';

export const BulkStatuses = ['added', 'already-there', 'refused-by-policy', 'failed'] as const;
export type BulkStatus = (typeof BulkStatuses)[number];

export type BulkStatusCounts = Record<BulkStatus, number>;

export function countStatuses(rows: readonly { status: string }[]): BulkStatusCounts {
  const counts: BulkStatusCounts = { added: 0, 'already-there': 0, 'refused-by-policy': 0, failed: 0 };
  for (const row of rows) if (row.status in counts) counts[row.status as BulkStatus] += 1;
  return counts;
}

/** The status of a row whose work threw `error`: a rule Trello or Lanyard keeps, or a failure. */
export function statusOfError(error: unknown): { status: BulkStatus; reason: string } {
  const reason = error instanceof Error ? error.message : String(error);
  const policy =
    error instanceof WorkspaceRestrictedError ||
    error instanceof SeatsExhaustedError ||
    error instanceof AdminHubManagedError ||
    error instanceof MemberDeactivatedError;
  return { status: policy ? 'refused-by-policy' : 'failed', reason };
}

/**
 * A sweep member's state as a bulk status: `reclaimed` → `added` (the change was made);
 * `skipped` → `already-there` (changed since the listing: logged in, or the seat already free);
 * `exempt`, `dropped`, `kept` → `refused-by-policy` (a rule, the approver or the member kept the
 * seat); `failed` → `failed`; a `candidate` not acted on yet has none (null).
 */
export function sweepMemberStatus(state: SweepMemberState): BulkStatus | null {
  switch (state) {
    case 'reclaimed':
      return 'added';
    case 'skipped':
      return 'already-there';
    case 'exempt':
    case 'dropped':
    case 'kept':
      return 'refused-by-policy';
    case 'failed':
      return 'failed';
    case 'candidate':
      return null;
  }
}
