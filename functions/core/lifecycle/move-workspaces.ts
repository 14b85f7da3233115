/**
 * A mover (`employee.updated` with a new department), for someone Lanyard provisioned (`active`,
 * with a Trello member id): their Workspace memberships follow the department → Workspace map.
 * - Added to the new department's Workspace (and the default one, when missing).
 * - Removed from the old department's Workspace, unless they still need it: an admin of a board
 *   in it keeps the membership (removing them would leave the board's admin outside its own
 *   Workspace), and the run says so for an admin to settle by hand.
 * - A new Workspace whose membership restrictions refuse them is reported with what an admin can
 *   do (allow the domain, make them managed, or add them by hand), never retried: the rest of the
 *   move is done, the run ends `succeeded-with-gaps` and admins are told once.
 * - Nothing happens in Trello when the department is unchanged, unmapped on both sides, or the
 *   person is not provisioned yet (an onboarding in flight follows its hire event).
 * Applied before the profile records the new department (apply-profile-event.ts), so an
 * interrupted move is simply done again: every change is read first and audited once (the run is
 * keyed on the event); a failed one leaves the record as it was. A dry run records the plan and
 * changes nothing.
 */
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { PersonProfile } from '../../ports/records/people.ts';
import type { RecordPortName } from '../../ports/records/record-ports.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import type { OnboardingSettings } from '../onboarding/onboarding-settings.ts';
import { targetWorkspaces } from '../onboarding/onboarding-settings.ts';
import { auditedChange, type RunContext } from '../run-context.ts';
import { addToWorkspaceUnlessRestricted, type WorkspaceRefusal } from '../workspace-restrictions.ts';
import { endProfileRun, failProfileRun, type ProfileRunDeps, startProfileRun } from './profile-event-run.ts';

export type MoveDeps<R extends RecordPortName = RecordPortName> = ProfileRunDeps<R> & {
  trello: TrelloAdmin;
  onboarding: Pick<OnboardingSettings, 'defaultWorkspaceId' | 'departmentWorkspaces'>;
};

export interface MovePlan {
  add: string[];
  remove: string[];
  /** Old Workspaces kept, each with why. */
  keep: Array<{ workspaceId: string; why: string }>;
  /** New Workspaces whose membership restrictions refused the person (filled when applied). */
  refused: WorkspaceRefusal[];
}

const NO_MOVE: MovePlan = { add: [], remove: [], keep: [], refused: [] };

export function moverRunId(eventId: string): string {
  return `move:${eventId}`;
}

/** Null when the event moves nobody's Workspaces; else the run it recorded and what it did. */
export async function moveWorkspaces(
  event: LifecycleEventDetail,
  before: PersonProfile | null,
  deps: MoveDeps<'runs' | 'audit'>,
): Promise<{ runId: string; plan: MovePlan; failed: boolean } | null> {
  const to = event.employee.department;
  const memberId = before?.trelloMemberId ?? null;
  if (event.type !== 'employee.updated' || before === null || memberId === null) return null;
  if (before.lifecycle !== 'active' || to === undefined || to === null || to === before.department)
    return null;
  const fromTargets = targetWorkspaces(deps.onboarding, before.department);
  const toTargets = targetWorkspaces(deps.onboarding, to);
  if (fromTargets.join() === toTargets.join()) return null;

  const summary = `Moved from ${before.department ?? '(no department)'} to ${to}`;
  const { run, proceed, failed } = await startProfileRun(
    event,
    before,
    { prefix: 'move', kind: 'mover', summary, department: to },
    deps,
  );
  if (!proceed) return { runId: run.runId, plan: NO_MOVE, failed };

  let plan: MovePlan;
  try {
    plan = await followDepartment(run, memberId, fromTargets, toTargets, deps);
  } catch (error) {
    // The record keeps the old department (so the same change sent again moves them), the run
    // fails and says what to do.
    await failProfileRun(
      run,
      'move-workspaces',
      {
        summary: `${summary}: the Workspaces were not moved`,
        title: `Workspaces of ${run.person.fullName} (${run.person.email}) not moved to ${to}`,
        todo: 'Their record keeps the old department: send the HR update again (a new event id) once Trello answers, or move their Workspaces by hand.',
      },
      error as Error,
      deps,
    );
    return { runId: run.runId, plan: NO_MOVE, failed: true };
  }
  const detail = `${run.dryRun ? 'Would have ' : ''}${moveLines(plan).join('; ') || 'nothing to change: already where the new department puts them'}`;
  const gaps = hasGaps(plan) && !run.dryRun;
  await endProfileRun(
    run,
    'move-workspaces',
    {
      status: gaps ? 'succeeded-with-gaps' : 'succeeded',
      outcome: run.dryRun ? 'dry-run' : gaps ? 'moved-with-gaps' : 'moved',
      summary: `${summary}: ${detail}`,
      detail,
    },
    deps,
  );
  if (plan.refused.length > 0) {
    await deps.notifier.notify({
      kind: 'run-finished',
      title: `Workspaces of ${run.person.fullName} (${run.person.email}) refused them after their move to ${to}`,
      body: plan.refused.map((r) => r.detail).join(' '),
      runId: run.runId,
      approvalId: null,
    });
  }
  return { runId: run.runId, plan, failed: false };
}

/**
 * Moves the member's Workspaces from one department's targets to another's (the plan only, on a
 * dry run); also how a `free-seat` leave's end applies a department change made during the leave.
 */
export async function followDepartment(
  run: RunContext,
  memberId: string,
  fromTargets: string[],
  toTargets: string[],
  deps: MoveDeps<'audit'>,
): Promise<MovePlan> {
  const plan = await planMove(memberId, fromTargets, toTargets, deps);
  return run.dryRun ? plan : { ...plan, refused: await applyMove(run, memberId, plan, deps) };
}

/** What a move did (or would do), one clause each: added, removed, kept and why, refused. */
export function moveLines(plan: MovePlan): string[] {
  const refusedIds = new Set(plan.refused.map((r) => r.workspaceId));
  const added = plan.add.filter((id) => !refusedIds.has(id));
  return [
    added.length ? `added to ${added.join(', ')}` : null,
    plan.remove.length ? `removed from ${plan.remove.join(', ')}` : null,
    ...plan.keep.map((k) => `kept in ${k.workspaceId}: ${k.why}`),
    ...plan.refused.map((r) => r.detail),
  ].filter((line): line is string => line !== null);
}

/** Whether an admin must settle part of a move by hand (a Workspace kept or refused). */
export function hasGaps(plan: MovePlan): boolean {
  return plan.keep.length > 0 || plan.refused.length > 0;
}

/** What to add and remove, read from Trello now (so a move done twice changes nothing the second time). */
async function planMove(
  memberId: string,
  fromTargets: string[],
  toTargets: string[],
  deps: Pick<MoveDeps<never>, 'trello'>,
): Promise<MovePlan> {
  const current = new Set(await deps.trello.memberWorkspaceIds(memberId));
  const add = toTargets.filter((id) => !current.has(id));
  const leaving = fromTargets.filter((id) => !toTargets.includes(id) && current.has(id));
  if (leaving.length === 0) return { add, remove: [], keep: [], refused: [] };
  const boards = (await deps.trello.memberBoards(memberId)).filter(
    (b) => !b.closed && b.workspaceId !== null && leaving.includes(b.workspaceId),
  );
  const administered = new Map<string, string[]>();
  for (const board of boards) {
    const memberships = await deps.trello.boardMemberships(board.id);
    if (!memberships.some((m) => m.memberId === memberId && m.type === 'admin')) continue;
    const names = administered.get(board.workspaceId as string) ?? [];
    administered.set(board.workspaceId as string, [...names, `"${board.name}"`]);
  }
  return {
    add,
    remove: leaving.filter((id) => !administered.has(id)),
    keep: [...administered].map(([workspaceId, names]) => ({
      workspaceId,
      why: `admin of board(s) ${names.join(', ')} in it — hand them over, then remove them by hand`,
    })),
    refused: [],
  };
}

/** Applies the plan; answers the new Workspaces that refused the person (the rest is still done). */
async function applyMove(
  run: RunContext,
  memberId: string,
  plan: MovePlan,
  deps: MoveDeps<'audit'>,
): Promise<WorkspaceRefusal[]> {
  const refused: WorkspaceRefusal[] = [];
  for (const workspaceId of plan.add) {
    const refusal = await addToWorkspaceUnlessRestricted(run, deps, {
      workspaceId,
      memberId,
      detail: `Add member ${memberId} (${run.person.email}), now in ${run.person.department}`,
    });
    if (refusal !== null) refused.push(refusal);
  }
  for (const workspaceId of plan.remove) {
    await auditedChange(
      run,
      deps,
      {
        action: 'remove-from-workspace',
        target: `workspace:${workspaceId}`,
        detail: `Remove member ${memberId} (${run.person.email}), no longer in its department`,
      },
      () => deps.trello.removeFromWorkspace(workspaceId, memberId),
    );
  }
  return refused;
}
