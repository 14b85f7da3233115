/**
 * Guard Reclaims (auto and ask-first sweeps, just before Reclaim Seats): the mass-change guard's
 * check of the batch. Within its limit the sweep goes on at once; past it the sweep waits for an
 * admin's approval of the whole batch (Ask Sweep Approval, as in approve mode), and the hold is
 * audited. The count is taken after the listing and, for ask-first, after the members' answers:
 * it is what would be reclaimed now.
 */
import type { Sweeps } from '../../ports/records/sweeps.ts';
import { type Admission, admitReclaims } from '../guard/mass-change-guard.ts';
import type { SweepContext, SweepDeps } from './sweep-deps.ts';

export async function guardReclaims(
  sweep: SweepContext,
  deps: SweepDeps<'audit' | 'sweeps'>,
): Promise<{ held: boolean; candidates: number }> {
  const { candidates, admission } = await reclaimAdmission(sweep, deps);
  if (admission.admitted) return { held: false, candidates };
  const detail = `${admission.detail}; the sweep waits for an admin to approve the batch`;
  // Keyed on the sweep: a retried step finds the same entry instead of writing a second one.
  const { ref } = await deps.audit.beginAudit(sweep.runId, `hold-sweep|sweep:${sweep.sweepId}`, {
    at: deps.clock.now().toISOString(),
    actor: 'lanyard:mass-change-guard',
    action: 'hold-sweep',
    target: `sweep:${sweep.sweepId}`,
    detail,
    runId: sweep.runId,
    employeeId: null,
  });
  await deps.audit.completeAudit(ref, 'succeeded', detail, deps.clock.now().toISOString());
  return { held: true, candidates };
}

/**
 * The guard's verdict on the sweep's candidates now. The share is taken of the seats in use when
 * the sweep began (its `seatsBefore`), the licensed members it swept.
 */
export async function reclaimAdmission(
  sweep: SweepContext,
  deps: Pick<SweepDeps, 'sweeps' | 'audit' | 'clock' | 'sweepSettings'>,
): Promise<{ candidates: number; admission: Admission }> {
  const [candidates, record] = await Promise.all([
    countCandidates(sweep.sweepId, deps.sweeps),
    deps.sweeps.getSweep(sweep.sweepId),
  ]);
  const knownPeople = record?.seatsBefore ?? null;
  return {
    candidates,
    admission: admitReclaims(deps.sweepSettings.massChangeGuard, { candidates, knownPeople }),
  };
}

/** The sweep's members still to be reclaimed (candidates), counted page by page. */
export async function countCandidates(
  sweepId: string,
  sweeps: Pick<Sweeps, 'listSweepMembers'>,
): Promise<number> {
  let candidates = 0;
  let cursor: string | null = null;
  do {
    const page = await sweeps.listSweepMembers(sweepId, { state: 'candidate', limit: 1000, cursor });
    candidates += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return candidates;
}
