/**
 * Reclaim Seats, page after page (the workflow loops on Trello's cursor). A page is the same
 * query the listing ran, asked again now: that re-listing is the re-check. A candidate on it who
 * still holds a seat and is still idle is reclaimed at once — one write, `licensed=false`, whose
 * answer (the member, now deactivated in the Enterprise) is the read-back. So a reclaim costs one
 * Trello call, plus one page per 100 members, instead of a lookup, a write and a lookup.
 *
 * A candidate the re-listing does not show (logged in since, lost the seat some other way, or a
 * cursor that moves when rows leave the listing — Trello does not say how its cursor behaves) is
 * left for Re-check Candidates, which looks each one up by email.
 *
 * Throughput: Trello's limit is the floor, and a sliding window never gives back time left idle,
 * so the writes must never pause. One call works through pages for up to RECLAIM_BUDGET_MS,
 * fetching the next page while the last few writes of the current one are still queued; the
 * workflow's turn between calls (and its history events) then come every few dozen pages, not
 * every page.
 */
import pLimit from 'p-limit';
import type { SweepMember } from '../../ports/records/sweeps.ts';
import type { EnterpriseMember } from '../../ports/trello-admin.ts';
import { TrelloNotFoundError, TrelloRequestRejectedError } from '../errors.ts';
import { isIdleSeat } from './list-idle-members.ts';
import type { SweepContext, SweepDeps } from './sweep-deps.ts';

/**
 * Writes in flight at once: enough to keep the paced rate (a write waits for its slot, then about
 * one round trip), few enough that a failure stops little work.
 */
const RECLAIM_CONCURRENCY = 8;
/** Queued writes left when the next page is fetched: enough to cover that fetch's own slot and round trip. */
const REFILL_AT = 2 * RECLAIM_CONCURRENCY;
/**
 * How long one call keeps starting pages: ~6 pages at Trello's real rate (a page is ≤ 100 writes,
 * ~10 s), finishing well inside the 300 s Lambda timeout with the writes still queued.
 */
export const RECLAIM_BUDGET_MS = 60_000;

export async function reclaimSeats(
  sweep: SweepContext,
  cursor: string | null,
  deps: SweepDeps<'audit' | 'sweeps'>,
): Promise<{ cursor: string | null; done: boolean; reclaimed: number }> {
  const deadline = deps.clock.now().getTime() + RECLAIM_BUDGET_MS;
  if (cursor === null) await deps.sweeps.updateSweep(sweep.sweepId, { status: 'reclaiming' });
  const pool = new ReclaimPool(sweep, deps);
  let next = cursor;
  try {
    for (;;) {
      const page = await confirmedOnPage(sweep, next, deps);
      pool.add(page.confirmed);
      next = page.nextCursor;
      if (next === null || pool.failed || deps.clock.now().getTime() >= deadline) break;
      await pool.backlogAtMost(REFILL_AT);
    }
  } catch (error) {
    // A page that could not be fetched: the writes already started finish and are recorded first.
    await pool.drain().catch(() => {});
    throw error;
  }
  const reclaimed = await pool.drain();
  return { cursor: next, done: next === null, reclaimed };
}

/** One page of the re-listing: the candidates on it that still hold a seat and are still idle. */
async function confirmedOnPage(
  sweep: SweepContext,
  cursor: string | null,
  deps: SweepDeps<'sweeps'>,
): Promise<{ confirmed: SweepMember[]; nextCursor: string | null }> {
  const page = await deps.trello.queryMembers({ licensed: true, inactiveSince: sweep.inactiveSince }, cursor);
  const stillIdle = page.members.filter((m) => isIdleSeat(m, sweep));
  const rows = await deps.sweeps.getSweepMembers(
    sweep.sweepId,
    stillIdle.map((m) => m.memberId),
  );
  const confirmed = stillIdle.flatMap((member) => {
    const row = rows.get(member.memberId);
    return row?.state === 'candidate' ? [row] : [];
  });
  return { confirmed, nextCursor: page.nextCursor };
}

/**
 * Reclaims with bounded concurrency. Every member's outcome is recorded before an unexpected
 * error (rate limits outlasting the retries, Trello down) is rethrown for the step's retry, so a
 * retry finds the work already done as done.
 */
class ReclaimPool {
  private readonly limit = pLimit(RECLAIM_CONCURRENCY);
  private readonly running = new Set<Promise<boolean>>();
  private readonly settled: Array<PromiseSettledResult<boolean>> = [];

  constructor(
    private readonly sweep: SweepContext,
    private readonly deps: SweepDeps<'audit' | 'sweeps'>,
  ) {}

  get failed(): boolean {
    return this.settled.some((o) => o.status === 'rejected');
  }

  add(candidates: readonly SweepMember[]): void {
    for (const candidate of candidates) {
      const task = this.limit(() => reclaimOne(this.sweep, candidate, this.deps));
      this.running.add(task);
      task.then(
        (value) => this.settled.push({ status: 'fulfilled', value }),
        (reason: unknown) => this.settled.push({ status: 'rejected', reason }),
      );
      task.finally(() => this.running.delete(task)).catch(() => {});
    }
  }

  /** Waits until at most `count` writes are queued or in flight (or one failed). */
  async backlogAtMost(count: number): Promise<void> {
    while (this.running.size > count && !this.failed) {
      await Promise.race([...this.running].map((t) => t.then(noop, noop)));
    }
  }

  /** Waits for every write; the number of seats freed, or the first unexpected error. */
  async drain(): Promise<number> {
    await Promise.allSettled([...this.running]);
    const failure = this.settled.find((o) => o.status === 'rejected');
    if (failure) throw failure.reason;
    return this.settled.filter((o) => o.status === 'fulfilled' && o.value).length;
  }
}

const noop = () => {};

/** Reclaims each member (the re-check's leftovers): the number of seats freed. */
export async function reclaimEach(
  sweep: SweepContext,
  candidates: readonly SweepMember[],
  deps: SweepDeps<'audit' | 'sweeps'>,
): Promise<number> {
  const pool = new ReclaimPool(sweep, deps);
  pool.add(candidates);
  return pool.drain();
}

/** Revokes one seat, audited, and records the outcome; true when the seat was freed. */
async function reclaimOne(
  sweep: SweepContext,
  candidate: SweepMember,
  deps: SweepDeps<'audit' | 'sweeps'>,
): Promise<boolean> {
  const move = (state: 'reclaimed' | 'failed', reason: string) =>
    deps.sweeps.setSweepMemberState(sweep.sweepId, candidate.memberId, { state, reason }, ['candidate']);
  // One audit entry per member and sweep, begun before the write (a crash leaves it pending).
  const detail = `revoke the idle license of ${who(candidate)} (${candidate.reason})`;
  const { ref } = await deps.audit.beginAudit(sweep.runId, reclaimActionKey(candidate.memberId), {
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
    await deps.audit.completeAudit(ref, 'failed', `${detail}: ${(error as Error).message}`);
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
    await deps.audit.completeAudit(ref, 'failed', `${detail}: ${why}`);
    await move('failed', why);
    return false;
  }
  await deps.audit.completeAudit(ref, 'succeeded', detail);
  await move('reclaimed', `license revoked (was idle since ${candidate.lastActiveAt ?? 'ever'})`);
  return true;
}

/** The member as Trello shows them now, found by exact email (null: unknown, or another account). */
export async function currentMember(
  candidate: SweepMember,
  deps: SweepDeps<never>,
): Promise<EnterpriseMember | null> {
  if (!candidate.email) return null;
  const member = await deps.trello.findMemberByEmail(candidate.email);
  return member?.memberId === candidate.memberId ? member : null;
}

/** Whether the member holds a seat now, by a lookup; unknown when they cannot be looked up. */
async function readBack(
  candidate: SweepMember,
  deps: SweepDeps<never>,
): Promise<'seat' | 'no-seat' | 'unknown'> {
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
