/**
 * Hand Over Board (one Map iteration per sole-admin board): make the successor an admin of the
 * board before the leaver is deactivated, so no board is left without an admin.
 * Idempotent: a board that already has another active admin is left as it is (no write). A board
 * Trello will not hand over (no successor, the successor refused as a member) is reported, not
 * thrown: the other boards and the rest of the offboarding go on.
 */
import { TrelloAuthFailedError, TrelloNotFoundError, TrelloRequestRejectedError } from '../errors.ts';
import { auditedChange, ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

export interface HandOverResult {
  boardId: string;
  boardName: string;
  handedOver: boolean;
  detail: string;
}

export async function handOverBoard(
  run: RunContext,
  board: { id: string; name: string },
  leaverId: string,
  successorId: string | null,
  deps: OffboardingDeps<'people' | 'runs' | 'audit'>,
): Promise<HandOverResult> {
  await ensureCurrentRun(run, deps);
  const result = async (
    handedOver: boolean,
    detail: string,
    step: 'done' | 'failed' | 'planned' | 'skipped',
  ) => {
    await recordStep(run, deps, `hand-over-board:${board.id}`, step, detail);
    return { boardId: board.id, boardName: board.name, handedOver, detail };
  };
  if (successorId === null) {
    return result(
      false,
      `Board "${board.name}" (${board.id}) keeps no other admin: no successor is available (set the manager in HR or a fallback admin)`,
      'failed',
    );
  }
  let memberships: Awaited<ReturnType<typeof deps.trello.boardMemberships>>;
  try {
    memberships = await deps.trello.boardMemberships(board.id);
  } catch (error) {
    // A board outside the Enterprise's Workspaces (a personal board) is not the admin token's to read.
    if (error instanceof TrelloAuthFailedError || error instanceof TrelloNotFoundError) {
      return result(
        false,
        `Board "${board.name}" (${board.id}) is outside what Lanyard's Enterprise admin token may manage: hand it over by hand (${error.message})`,
        'failed',
      );
    }
    throw error;
  }
  const otherAdmins = memberships.filter(
    (m) => m.type === 'admin' && !m.deactivated && !m.unconfirmed && m.memberId !== leaverId,
  );
  if (otherAdmins.length > 0) {
    return result(
      true,
      `Board "${board.name}" already has another admin (${otherAdmins[0]?.memberId})`,
      'skipped',
    );
  }
  if (run.dryRun)
    return result(true, `Would make ${successorId} admin of board "${board.name}" (${board.id})`, 'planned');
  try {
    await auditedChange(
      run,
      deps,
      {
        action: 'hand-over-board',
        target: `board:${board.id}`,
        detail: `made ${successorId} admin of "${board.name}" before ${run.person.email} leaves`,
      },
      () => deps.trello.setBoardMemberType(board.id, successorId, 'admin'),
    );
  } catch (error) {
    if (error instanceof TrelloRequestRejectedError || error instanceof TrelloNotFoundError) {
      return result(
        false,
        `Trello refused to make ${successorId} admin of board "${board.name}" (${board.id}): ${error.message}`,
        'failed',
      );
    }
    throw error;
  }
  const promoted = (await deps.trello.boardMemberships(board.id)).some(
    (m) => m.memberId === successorId && m.type === 'admin' && !m.deactivated,
  );
  if (!promoted)
    return result(
      false,
      `Trello does not show ${successorId} as admin of board "${board.name}" after the change`,
      'failed',
    );
  return result(true, `Board "${board.name}" handed over to ${successorId}`, 'done');
}
