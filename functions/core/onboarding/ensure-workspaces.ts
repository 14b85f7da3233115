/**
 * Ensure Workspaces: the default Workspace and the department's (from config). One read of the
 * member's Workspaces, then one add per missing Workspace, each audited.
 *
 * Alternative course: a Workspace's membership restrictions refuse the add → that Workspace is
 * reported (what an admin can do) and skipped, never retried; the others are still added, and
 * Verify and Finish end the run `succeeded-with-gaps` with one notice to admins.
 */
import { StepInputInvalidError } from '../errors.ts';
import { ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import { addToWorkspaceUnlessRestricted, type WorkspaceRefusal } from '../workspace-restrictions.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';
import { targetWorkspaces } from './onboarding-settings.ts';

export async function ensureWorkspaces(
  run: RunContext,
  memberId: string | null,
  deps: OnboardingDeps<'people' | 'runs' | 'audit'>,
): Promise<{ added: string[]; refused: WorkspaceRefusal[] }> {
  await ensureCurrentRun(run, deps);
  const targets = targetWorkspaces(deps.onboarding, run.person.department);
  if (run.dryRun) {
    await recordStep(
      run,
      deps,
      'ensure-workspaces',
      'planned',
      `Would ensure Workspaces ${targets.join(', ') || '(none configured)'}`,
    );
    return { added: [], refused: [] };
  }
  if (targets.length === 0) {
    await recordStep(
      run,
      deps,
      'ensure-workspaces',
      'skipped',
      'No default or department Workspace configured',
    );
    return { added: [], refused: [] };
  }
  if (memberId === null) throw new StepInputInvalidError('Ensure Workspaces needs the Trello member id');
  const current = new Set(await deps.trello.memberWorkspaceIds(memberId));
  const missing = targets.filter((id) => !current.has(id));
  const added: string[] = [];
  const refused: WorkspaceRefusal[] = [];
  for (const workspaceId of missing) {
    const refusal = await addToWorkspaceUnlessRestricted(run, deps, {
      workspaceId,
      memberId,
      detail: `Add member ${memberId} (${run.person.email})`,
    });
    if (refusal === null) added.push(workspaceId);
    else refused.push(refusal);
  }
  const lines = [
    added.length > 0 ? `Added to ${added.join(', ')}` : null,
    missing.length === 0 ? `Already in ${targets.join(', ')}` : null,
    ...refused.map((r) => r.detail),
  ].filter((line): line is string => line !== null);
  await recordStep(run, deps, 'ensure-workspaces', 'done', lines.join('; '));
  return { added, refused };
}
