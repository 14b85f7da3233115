/**
 * Ensure Workspaces: the default Workspace and the department's (from config). One read of the
 * member's Workspaces, then one add per missing Workspace, each audited.
 */
import { StepInputInvalidError } from '../errors.ts';
import { auditedChange, ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';
import { targetWorkspaces } from './onboarding-settings.ts';

export async function ensureWorkspaces(
  run: RunContext,
  memberId: string | null,
  deps: OnboardingDeps,
): Promise<{ added: string[] }> {
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
    return { added: [] };
  }
  if (targets.length === 0) {
    await recordStep(
      run,
      deps,
      'ensure-workspaces',
      'skipped',
      'No default or department Workspace configured',
    );
    return { added: [] };
  }
  if (memberId === null) throw new StepInputInvalidError('Ensure Workspaces needs the Trello member id');
  const current = new Set(await deps.trello.memberWorkspaceIds(memberId));
  const missing = targets.filter((id) => !current.has(id));
  for (const workspaceId of missing) {
    await auditedChange(
      run,
      deps,
      {
        action: 'add-to-workspace',
        target: `workspace:${workspaceId}`,
        detail: `Add member ${memberId} (${run.person.email})`,
      },
      () => deps.trello.addToWorkspace(workspaceId, memberId, 'normal'),
    );
  }
  await recordStep(
    run,
    deps,
    'ensure-workspaces',
    'done',
    missing.length > 0 ? `Added to ${missing.join(', ')}` : `Already in ${targets.join(', ')}`,
  );
  return { added: missing };
}
