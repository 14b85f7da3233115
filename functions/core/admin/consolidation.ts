/**
 * Workspace consolidation (seed 000's better approach than licensing people one by one): list
 * the Workspaces the Enterprise could bring in — claimable ones (on its domains, outside it) and
 * pending ones (their admins asked to join) — with the seats each would take; then, with an
 * admin's say-so, transfer the chosen ones. Trello licenses their members while seats last.
 * Seat estimates: a pending Workspace names its new billable members; a claimable one only its
 * active member count, an upper bound (members already licensed take no new seat — UNVERIFIED
 * how Trello counts guests here).
 */
import type { Clock } from '../../ports/clock.ts';
import type { AuditLog } from '../../ports/records/audit-log.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import { StepInputInvalidError } from '../errors.ts';
import { type BulkStatus, type BulkStatusCounts, countStatuses, statusOfError } from './bulk-status.ts';

export interface ConsolidationCandidate {
  workspaceId: string;
  displayName: string;
  source: 'claimable' | 'pending';
  members: number;
  /** Seats it would take at most. */
  seatsNeeded: number;
  /** Pending Workspaces Trello says cannot be transferred are listed but not applied. */
  transferrable: boolean;
  lastActiveAt: string | null;
}

export interface ConsolidationPreview {
  available: number | null;
  seatsNeeded: number;
  workspaces: ConsolidationCandidate[];
}

export async function previewConsolidation(trello: TrelloAdmin): Promise<ConsolidationPreview> {
  const [seats, claimable, pending] = await Promise.all([
    trello.seats(),
    trello.claimableWorkspaces(),
    trello.pendingWorkspaces(),
  ]);
  const workspaces: ConsolidationCandidate[] = [
    ...pending.map((w) => ({
      workspaceId: w.id,
      displayName: w.displayName,
      source: 'pending' as const,
      members: w.memberCount,
      seatsNeeded: w.newBillableMemberIds.length,
      transferrable: w.transferrable,
      lastActiveAt: null,
    })),
    ...claimable.map((w) => ({
      workspaceId: w.id,
      displayName: w.displayName,
      source: 'claimable' as const,
      members: w.activeMemberCount,
      seatsNeeded: w.activeMemberCount,
      transferrable: true,
      lastActiveAt: w.lastActiveAt,
    })),
  ];
  return {
    available: seats.available,
    seatsNeeded: workspaces.filter((w) => w.transferrable).reduce((n, w) => n + w.seatsNeeded, 0),
    workspaces,
  };
}

export interface ConsolidationResult {
  workspaceId: string;
  result: 'transferred' | 'planned' | 'failed';
  detail: string;
  /**
   * The row's bulk status (bulk-status.ts): `added` once transferred; `refused-by-policy` when a
   * Trello rule refused it (no seat left, AdminHub…); `failed` otherwise; `planned` in a dry run.
   */
  status: BulkStatus | 'planned';
  /** Why, for every status but `added` and `planned`. */
  reason?: string;
}

/** Transfers the chosen Workspaces, each audited and read back; nothing is applied if one is not a candidate. */
export async function applyConsolidation(
  request: { workspaceIds: string[]; by: string; dryRun: boolean },
  deps: { trello: TrelloAdmin; audit: AuditLog; clock: Clock },
): Promise<{
  results: ConsolidationResult[];
  statuses: BulkStatusCounts;
  seatsUsedBefore: number;
  seatsUsedAfter: number;
}> {
  const preview = await previewConsolidation(deps.trello);
  const byId = new Map(preview.workspaces.map((w) => [w.workspaceId, w]));
  const refused = request.workspaceIds.filter((id) => !byId.get(id)?.transferrable);
  if (refused.length > 0) {
    throw new StepInputInvalidError(
      `Not claimable or pending-and-transferrable for this Enterprise: ${refused.join(', ')}. Nothing was transferred; see GET /admin/consolidation`,
    );
  }
  const before = await deps.trello.seats();
  const results: ConsolidationResult[] = [];
  for (const id of request.workspaceIds) {
    const workspace = byId.get(id) as ConsolidationCandidate;
    const what = `bring ${workspace.source} Workspace "${workspace.displayName}" (${id}, up to ${workspace.seatsNeeded} seat(s)) into the Enterprise`;
    if (request.dryRun) {
      results.push({ workspaceId: id, result: 'planned', detail: `Would ${what}`, status: 'planned' });
      continue;
    }
    const { ref } = await deps.audit.beginAudit(
      null,
      `transfer-workspace:${id}:${deps.clock.now().toISOString()}`,
      {
        at: deps.clock.now().toISOString(),
        actor: `admin:${request.by}`,
        action: 'transfer-workspace',
        target: `workspace:${id}`,
        detail: what,
        runId: null,
        employeeId: null,
      },
    );
    try {
      await deps.trello.transferWorkspace(id);
    } catch (error) {
      await deps.audit.completeAudit(ref, 'failed', `${what}: ${(error as Error).message}`);
      const { status, reason } = statusOfError(error);
      results.push({ workspaceId: id, result: 'failed', detail: reason, status, reason });
      continue;
    }
    // Read back: a transferred Workspace is neither claimable nor pending any more.
    const after = await previewConsolidation(deps.trello);
    const still = after.workspaces.some((w) => w.workspaceId === id);
    await deps.audit.completeAudit(
      ref,
      still ? 'failed' : 'succeeded',
      still ? `${what}: Trello still lists it outside` : what,
    );
    const notMoved =
      'Trello still lists it outside the Enterprise: check its transfer in the Enterprise admin dashboard, then try again';
    results.push(
      still
        ? { workspaceId: id, result: 'failed', detail: notMoved, status: 'failed', reason: notMoved }
        : {
            workspaceId: id,
            result: 'transferred',
            detail: `"${workspace.displayName}" is in the Enterprise`,
            status: 'added',
          },
    );
  }
  return {
    results,
    statuses: countStatuses(results),
    seatsUsedBefore: before.used,
    seatsUsedAfter: (await deps.trello.seats()).used,
  };
}
