/**
 * Plan Offboarding: everything the run needs to know before it changes anything.
 * - The leaver's Trello member: the id stored on their profile first (email can change), else
 *   the Enterprise's exact-email match.
 * - Boards where they are the only active admin, and who takes them over: their manager when the
 *   manager is an active Trello member, else the configured fallback admin, else nobody (the
 *   report then lists those boards).
 * - Public boards they administer: they stay readable by URL after deactivation (reported).
 * - Seats in use now, to show the seat freed after deactivation.
 */
import type { EnterpriseMember } from '../../ports/trello-admin.ts';
import { ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

export interface LeaverPlan {
  memberId: string | null;
  deactivated: boolean;
  successorId: string | null;
  successorSource: 'manager' | 'fallback' | 'none';
  boards: Array<{ id: string; name: string }>;
  publicBoards: Array<{ id: string; name: string; url: string | null }>;
  seatsUsedBefore: number | null;
}

export async function planOffboarding(run: RunContext, deps: OffboardingDeps): Promise<LeaverPlan> {
  await ensureCurrentRun(run, deps);
  const member = await findLeaver(run, deps);
  const seats = await deps.trello.seats();
  if (member === null) {
    await recordStep(
      run,
      deps,
      'plan-offboarding',
      'done',
      `${run.person.email} has no Trello account in the Enterprise`,
    );
    return {
      memberId: null,
      deactivated: false,
      successorId: null,
      successorSource: 'none',
      boards: [],
      publicBoards: [],
      seatsUsedBefore: seats.used,
    };
  }
  if (!run.dryRun) await rememberMemberId(run, member.memberId, deps);

  const soleAdmin = await deps.trello.soleAdminBoards(member.memberId);
  const successor = soleAdmin.length > 0 ? await chooseSuccessor(run, member.memberId, deps) : null;
  const publicBoards = await publicBoardsAdministeredBy(member.memberId, deps);
  const plan: LeaverPlan = {
    memberId: member.memberId,
    deactivated: member.deactivated,
    successorId: successor?.id ?? null,
    successorSource: successor?.source ?? 'none',
    boards: soleAdmin.map((b) => ({ id: b.board.id, name: b.board.name })),
    publicBoards,
    seatsUsedBefore: seats.used,
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
    `Trello member ${member.memberId}${member.deactivated ? ' (already deactivated)' : ''}; ${handover}; ${publicBoards.length} public board(s)`,
  );
  return plan;
}

async function findLeaver(run: RunContext, deps: OffboardingDeps): Promise<EnterpriseMember | null> {
  const profile = await deps.records.getProfile(run.person.id);
  const byEmail = await deps.trello.findMemberByEmail(run.person.email);
  if (profile?.trelloMemberId && byEmail && byEmail.memberId !== profile.trelloMemberId) {
    // The email now leads to another account than the one Lanyard provisioned: trust the stored id,
    // found by name (Trello's search is a prefix of email or full name; no per-id read is cheap).
    const page = await deps.trello.queryMembers({ managed: true, search: run.person.fullName });
    return page.members.find((m) => m.memberId === profile.trelloMemberId) ?? null;
  }
  return byEmail;
}

async function rememberMemberId(run: RunContext, memberId: string, deps: OffboardingDeps): Promise<void> {
  const profile = await deps.records.getProfile(run.person.id);
  if (profile === null || profile.trelloMemberId === memberId || profile.currentRunId !== run.runId) return;
  await deps.records.putProfile(
    { ...profile, trelloMemberId: memberId, updatedAt: deps.clock.now().toISOString() },
    profile.version,
  );
}

async function chooseSuccessor(
  run: RunContext,
  leaverId: string,
  deps: OffboardingDeps,
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

async function publicBoardsAdministeredBy(memberId: string, deps: OffboardingDeps) {
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
