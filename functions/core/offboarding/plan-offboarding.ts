/**
 * Plan Handover — runs after the Trello cut (never before it: a board handover must not delay
 * the cut), with the member the cut found:
 * - Boards where the leaver is an admin and no other active admin is left, and who takes them
 *   over: their manager when the manager is an active Trello member, else the configured
 *   fallback admin, else nobody (the report then lists those boards).
 * - Public boards they administer: they stay readable by URL after deactivation (reported).
 * Handing over after the deactivation works because Lanyard acts with an Enterprise admin's
 * token, which administers every board in the Enterprise's Workspaces whoever else is on it
 * (reference/trello/NOTES.md §5: "Enterprise admins have admin access to Enterprise Workspaces").
 * UNVERIFIED against a live Enterprise: that Trello accepts a new admin on a board whose only
 * admin was just deactivated (the reference is silent; the simulator accepts it).
 *
 * Then it hands over the first boards itself (a few at a time, for a bounded time): most leavers
 * administer a handful of boards alone, and each Map iteration of Hand Over Boards is a billed
 * state transition. The boards left — past the time box, or met with an error the Map's retries
 * may cure — go to the Map as before.
 */
import { RunSupersededError } from '../errors.ts';
import { ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import { findLeaver } from './find-leaver.ts';
import { type HandOverResult, handOverBoard } from './hand-over-board.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

/** Boards handed over at once here (as the Map's concurrency). */
const INLINE_CONCURRENCY = 4;
/** No new batch of boards is started past this time from the start of the step. */
const INLINE_BUDGET_MS = 20_000;

export interface LeaverPlan {
  memberId: string | null;
  successorId: string | null;
  successorSource: 'manager' | 'fallback' | 'none';
  boards: Array<{ id: string; name: string }>;
  publicBoards: Array<{ id: string; name: string; url: string | null }>;
  /** Why the boards could not be checked (the plan failed), or null. */
  unchecked: string | null;
  /** The boards handed over here; `boards` holds the rest, for the Map. */
  handedOver: HandOverResult[];
}

export async function planOffboarding(
  run: RunContext,
  knownMemberId: string | null,
  deps: OffboardingDeps<'people' | 'runs' | 'audit'>,
): Promise<LeaverPlan> {
  await ensureCurrentRun(run, deps);
  // The cut found the member unless it gave up; then look again.
  const memberId = knownMemberId ?? (await findLeaver(run, deps))?.memberId ?? null;
  if (memberId === null) {
    await recordStep(
      run,
      deps,
      'plan-offboarding',
      'done',
      `${run.person.email} has no Trello account in the Enterprise: no boards to hand over`,
    );
    return {
      memberId: null,
      successorId: null,
      successorSource: 'none',
      boards: [],
      publicBoards: [],
      unchecked: null,
      handedOver: [],
    };
  }
  const startedAt = deps.clock.now().getTime();
  const soleAdmin = await deps.trello.soleAdminBoards(memberId);
  const successor = soleAdmin.length > 0 ? await chooseSuccessor(run, memberId, deps) : null;
  const publicBoards = await publicBoardsAdministeredBy(memberId, deps);
  const plan: LeaverPlan = {
    memberId,
    successorId: successor?.id ?? null,
    successorSource: successor?.source ?? 'none',
    boards: soleAdmin.map((b) => ({ id: b.board.id, name: b.board.name })),
    publicBoards,
    unchecked: null,
    handedOver: [],
  };
  const handover =
    plan.boards.length === 0
      ? 'sole admin of no board'
      : `sole admin of ${plan.boards.length} board(s), successor: ${plan.successorId ? `${plan.successorSource} ${plan.successorId}` : 'none available'}`;
  await recordStep(
    run,
    deps,
    'plan-offboarding',
    run.dryRun ? 'planned' : 'done',
    `Trello member ${memberId}: ${handover}; ${publicBoards.length} public board(s)`,
  );
  return handOverFirstBoards(run, plan, startedAt, deps);
}

/** Hands over boards until the time box ends; the boards not done stay in `boards` for the Map. */
async function handOverFirstBoards(
  run: RunContext,
  plan: LeaverPlan,
  startedAt: number,
  deps: OffboardingDeps<'people' | 'runs' | 'audit'>,
): Promise<LeaverPlan> {
  const leaverId = plan.memberId;
  if (leaverId === null) return plan;
  const left = [...plan.boards];
  const handedOver: HandOverResult[] = [];
  const toMap: LeaverPlan['boards'] = [];
  while (left.length > 0 && deps.clock.now().getTime() - startedAt < INLINE_BUDGET_MS) {
    const batch = left.splice(0, INLINE_CONCURRENCY);
    const results = await Promise.allSettled(
      batch.map((board) => handOverBoard(run, board, leaverId, plan.successorId, deps)),
    );
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') handedOver.push(result.value);
      // A newer run owns the person: stop here, as the Map would.
      else if (result.reason instanceof RunSupersededError) throw result.reason;
      else toMap.push(batch[i] as LeaverPlan['boards'][number]);
    });
  }
  return { ...plan, boards: [...toMap, ...left], handedOver };
}

async function chooseSuccessor(
  run: RunContext,
  leaverId: string,
  deps: OffboardingDeps<never>,
): Promise<{ id: string; source: 'manager' | 'fallback' } | null> {
  if (run.person.managerEmail) {
    const manager = await deps.trello.findMemberByEmail(run.person.managerEmail);
    if (manager && !manager.deactivated && manager.confirmed && manager.memberId !== leaverId) {
      return { id: manager.memberId, source: 'manager' };
    }
  }
  const fallback = deps.offboarding.successorFallbackMemberId;
  return fallback && fallback !== leaverId ? { id: fallback, source: 'fallback' } : null;
}

async function publicBoardsAdministeredBy(memberId: string, deps: OffboardingDeps<never>) {
  const boards = (await deps.trello.memberBoards(memberId)).filter(
    (b) => b.visibility === 'public' && !b.closed,
  );
  const administered = [];
  for (const board of boards) {
    const memberships = await deps.trello.boardMemberships(board.id);
    if (memberships.some((m) => m.memberId === memberId && m.type === 'admin')) {
      administered.push({ id: board.id, name: board.name, url: board.url });
    }
  }
  return administered;
}
