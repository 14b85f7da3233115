/**
 * Re-check Candidates (a batch per call, after Reclaim Seats has walked the re-listing): the
 * candidates the re-listing did not show, each looked up by email. Most changed since the listing
 * (logged in again, lost the seat some other way, Trello's Automatic Seat Management acted) and
 * are skipped with the reason; one still idle with a seat (the cursor skipped them) is reclaimed;
 * one whose seat is gone after a revoke of this sweep that was cut off is recorded as reclaimed.
 */
import type { SweepMember } from '../../ports/records/sweeps.ts';
import { currentMember, reclaimActionKey, reclaimEach } from './reclaim-seats.ts';
import type { SweepContext, SweepDeps } from './sweep-deps.ts';

/** Lookups per call: at most ~4 paced calls each (findMemberByEmail), inside the Lambda timeout. */
export const RECHECK_BATCH = 50;

export async function recheckCandidates(
  sweep: SweepContext,
  deps: SweepDeps<'audit' | 'sweeps'>,
): Promise<{ done: boolean; reclaimed: number }> {
  const { items } = await deps.sweeps.listSweepMembers(sweep.sweepId, {
    state: 'candidate',
    limit: RECHECK_BATCH,
  });
  const stillIdle: SweepMember[] = [];
  let reclaimed = 0;
  for (const candidate of items) {
    const skip = (reason: string) =>
      deps.sweeps.setSweepMemberState(sweep.sweepId, candidate.memberId, { state: 'skipped', reason }, [
        'candidate',
      ]);
    const now = await currentMember(candidate, deps);
    if (now === null || !now.licensed || now.deactivated) {
      if (await finishInterruptedReclaim(sweep, candidate, deps)) {
        reclaimed += 1;
        continue;
      }
      await skip(
        candidate.email
          ? 'no longer holds a seat (changed since the listing)'
          : 'not on the re-listing, and without a visible email to look them up',
      );
      continue;
    }
    if (now.lastActiveAt && now.lastActiveAt.slice(0, 10) >= sweep.inactiveSince) {
      await skip(`active again since the listing (last active ${now.lastActiveAt})`);
      continue;
    }
    stillIdle.push(candidate);
  }
  reclaimed += await reclaimEach(sweep, stillIdle, deps);
  return { done: items.length < RECHECK_BATCH, reclaimed };
}

/**
 * A revoke of this sweep that was cut off before its outcome was recorded left its audit entry
 * (begun before the write). The seat is gone now, so the write landed: record it as done.
 */
async function finishInterruptedReclaim(
  sweep: SweepContext,
  candidate: SweepMember,
  deps: SweepDeps<'audit' | 'sweeps'>,
): Promise<boolean> {
  const begun = await deps.audit.findAuditEntry(sweep.runId, reclaimActionKey(candidate.memberId));
  const result = begun?.entry.result;
  if (begun === null || (result !== 'begun' && result !== 'succeeded')) return false;
  // Begun with no outcome: the outcome is appended now (the begun entry stays as it was).
  if (begun.entry.result === 'begun')
    await deps.audit.completeAudit(begun.ref, 'succeeded', `${begun.entry.detail} (confirmed on re-check)`);
  await deps.sweeps.setSweepMemberState(
    sweep.sweepId,
    candidate.memberId,
    { state: 'reclaimed', reason: 'license revoked (confirmed on re-check after an interrupted batch)' },
    ['candidate'],
  );
  return true;
}
