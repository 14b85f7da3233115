/**
 * Reclaim Seats (a batch per call; the workflow loops until no candidate is left): for each
 * candidate, read the member again (someone may have logged in since the listing, or Trello's
 * own Automatic Seat Management may have acted), revoke the license — which frees the seat — and
 * read it back, each change audited. Changed members are skipped and say why.
 */
import { TrelloNotFoundError, TrelloRequestRejectedError } from '../errors.ts';
import type { SweepContext, SweepDeps } from './sweep-deps.ts';

/**
 * Members per call: ~3 paced Trello calls each (re-check, revoke, read back) is ~30 s at the
 * per-token limit, inside the 300 s Lambda timeout; and few enough loop turns to keep a
 * 100,000-member sweep inside Step Functions' history limit (sweep-definition.ts).
 */
export const RECLAIM_BATCH = 100;

export async function reclaimSeats(
  sweep: SweepContext,
  deps: SweepDeps,
): Promise<{ done: boolean; reclaimed: number }> {
  const { items } = await deps.records.listSweepMembers(sweep.sweepId, {
    state: 'candidate',
    limit: RECLAIM_BATCH,
  });
  let reclaimed = 0;
  for (const candidate of items) {
    const move = (state: 'reclaimed' | 'skipped' | 'failed', reason: string) =>
      deps.records.setSweepMemberState(sweep.sweepId, candidate.memberId, { state, reason }, ['candidate']);
    const now = candidate.email ? await current(candidate.email, candidate.memberId, deps) : null;
    if (now === null || !now.licensed || now.deactivated) {
      await move('skipped', 'no longer holds a seat (changed since the listing)');
      continue;
    }
    if (now.lastActiveAt && now.lastActiveAt.slice(0, 10) >= sweep.inactiveSince) {
      await move('skipped', `active again since the listing (last active ${now.lastActiveAt})`);
      continue;
    }
    // One audit entry per member and sweep, begun before the write (a crash leaves it pending).
    const detail = `revoke the idle license of ${candidate.email} (${candidate.reason})`;
    const { ref } = await deps.records.beginAudit(sweep.runId, `reclaim-seat|${candidate.memberId}`, {
      at: deps.clock.now().toISOString(),
      actor: sweep.requestedBy,
      action: 'reclaim-seat',
      target: `member:${candidate.memberId}`,
      detail,
      runId: sweep.runId,
      employeeId: null,
    });
    try {
      await deps.trello.setLicensed(candidate.memberId, false);
      await deps.records.completeAudit(ref, 'succeeded', detail);
    } catch (error) {
      await deps.records.completeAudit(ref, 'failed', `${detail}: ${(error as Error).message}`);
      if (error instanceof TrelloRequestRejectedError || error instanceof TrelloNotFoundError) {
        await move('failed', `Trello refused: ${error.message}`);
        continue;
      }
      throw error;
    }
    const after = await current(candidate.email ?? '', candidate.memberId, deps);
    if (after?.licensed) {
      await move('failed', 'Trello still shows a seat after the revoke');
      continue;
    }
    await move('reclaimed', `license revoked (was idle since ${candidate.lastActiveAt ?? 'ever'})`);
    reclaimed += 1;
  }
  return { done: items.length < RECLAIM_BATCH, reclaimed };
}

async function current(email: string, memberId: string, deps: SweepDeps) {
  const member = await deps.trello.findMemberByEmail(email);
  return member?.memberId === memberId ? member : null;
}
