/**
 * Reclaim Seats, one page per call (the workflow loops on Trello's cursor). The page is the same
 * query the listing ran, asked again now: that re-listing is the re-check. A candidate on it who
 * still holds a seat and is still idle is reclaimed at once — one write, `licensed=false`, whose
 * answer (the member, now deactivated in the Enterprise) is the read-back. So a reclaim costs one
 * Trello call, plus one page per 100 members, instead of a lookup, a write and a lookup.
 *
 * A candidate the re-listing does not show (logged in since, lost the seat some other way, or a
 * cursor that moves when rows leave the listing — Trello does not say how its cursor behaves) is
 * left for Re-check Candidates, which looks each one up by email.
 */
import pLimit from 'p-limit';
import type { SweepMember } from '../../ports/record-store.ts';
import type { EnterpriseMember } from '../../ports/trello-admin.ts';
import { TrelloNotFoundError, TrelloRequestRejectedError } from '../errors.ts';
import { isIdleSeat } from './list-idle-members.ts';
import type { SweepContext, SweepDeps } from './sweep-deps.ts';

/**
 * Writes in flight at once within a call: enough to keep the paced rate (a write waits for its
 * slot, then ~one round trip), few enough that a failure stops little work.
 */
const RECLAIM_CONCURRENCY = 8;

export async function reclaimSeats(
  sweep: SweepContext,
  cursor: string | null,
  deps: SweepDeps,
): Promise<{ cursor: string | null; done: boolean; reclaimed: number }> {
  const page = await deps.trello.queryMembers({ licensed: true, inactiveSince: sweep.inactiveSince }, cursor);
  const stillIdle = page.members.filter((m) => isIdleSeat(m, sweep));
  const rows = await deps.records.getSweepMembers(
    sweep.sweepId,
    stillIdle.map((m) => m.memberId),
  );
  const confirmed = stillIdle.flatMap((member) => {
    const row = rows.get(member.memberId);
    return row?.state === 'candidate' ? [row] : [];
  });
  const reclaimed = await reclaimEach(sweep, confirmed, deps);
  return { cursor: page.nextCursor, done: page.nextCursor === null, reclaimed };
}

/**
 * Reclaims each member with bounded concurrency. Every member's outcome is recorded before an
 * unexpected error (rate limits outlasting the retries, Trello down) is rethrown for the step's
 * retry, so a retry finds the work already done as done.
 */
export async function reclaimEach(
  sweep: SweepContext,
  candidates: readonly SweepMember[],
  deps: SweepDeps,
): Promise<number> {
  const limit = pLimit(RECLAIM_CONCURRENCY);
  const outcomes = await Promise.allSettled(candidates.map((c) => limit(() => reclaimOne(sweep, c, deps))));
  const failure = outcomes.find((o) => o.status === 'rejected');
  if (failure) throw failure.reason;
  return outcomes.filter((o) => o.status === 'fulfilled' && o.value).length;
}

/** Revokes one seat, audited, and records the outcome; true when the seat was freed. */
async function reclaimOne(sweep: SweepContext, candidate: SweepMember, deps: SweepDeps): Promise<boolean> {
  const move = (state: 'reclaimed' | 'failed', reason: string) =>
    deps.records.setSweepMemberState(sweep.sweepId, candidate.memberId, { state, reason }, ['candidate']);
  // One audit entry per member and sweep, begun before the write (a crash leaves it pending).
  const detail = `revoke the idle license of ${who(candidate)} (${candidate.reason})`;
  const { ref } = await deps.records.beginAudit(sweep.runId, reclaimActionKey(candidate.memberId), {
    at: deps.clock.now().toISOString(),
    actor: sweep.requestedBy,
    action: 'reclaim-seat',
    target: `member:${candidate.memberId}`,
    detail,
    runId: sweep.runId,
    employeeId: null,
  });
  let deactivated: boolean | null;
  try {
    ({ deactivated } = await deps.trello.setLicensed(candidate.memberId, false));
  } catch (error) {
    await deps.records.completeAudit(ref, 'failed', `${detail}: ${(error as Error).message}`);
    if (error instanceof TrelloRequestRejectedError || error instanceof TrelloNotFoundError) {
      await move('failed', `Trello refused: ${error.message}`);
      return false;
    }
    throw error;
  }
  // Trello's answer should show the member deactivated (its rule for a revoke); when it does not
  // say, or says otherwise, ask Trello again rather than claim a reclaim that did not happen.
  const after = deactivated === true ? 'no-seat' : await readBack(candidate, deps);
  if (after !== 'no-seat') {
    const why =
      after === 'seat'
        ? 'Trello still shows a seat after the revoke'
        : 'Trello accepted the revoke but its answer does not show the result, and the member has no visible email to look them up: check them in the Enterprise dashboard';
    await deps.records.completeAudit(ref, 'failed', `${detail}: ${why}`);
    await move('failed', why);
    return false;
  }
  await deps.records.completeAudit(ref, 'succeeded', detail);
  await move('reclaimed', `license revoked (was idle since ${candidate.lastActiveAt ?? 'ever'})`);
  return true;
}

/** The member as Trello shows them now, found by exact email (null: unknown, or another account). */
export async function currentMember(
  candidate: SweepMember,
  deps: SweepDeps,
): Promise<EnterpriseMember | null> {
  if (!candidate.email) return null;
  const member = await deps.trello.findMemberByEmail(candidate.email);
  return member?.memberId === candidate.memberId ? member : null;
}

/** Whether the member holds a seat now, by a lookup; unknown when they cannot be looked up. */
async function readBack(candidate: SweepMember, deps: SweepDeps): Promise<'seat' | 'no-seat' | 'unknown'> {
  if (!candidate.email) return 'unknown';
  const now = await currentMember(candidate, deps);
  return now?.licensed && !now.deactivated ? 'seat' : 'no-seat';
}

export function reclaimActionKey(memberId: string): string {
  return `reclaim-seat|${memberId}`;
}

function who(member: SweepMember): string {
  return member.email ?? `${member.fullName} (${member.memberId})`;
}
