/**
 * Verify Onboarding: Lanyard never assumes a grant worked (DESIGN.md). Read the member back and
 * check the seat and the Workspaces; what Trello shows is what the run records.
 */
import { ProvisioningNotVerifiedError } from '../errors.ts';
import { ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { WorkspaceRefusal } from '../workspace-restrictions.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';
import { targetWorkspaces } from './onboarding-settings.ts';

export interface OnboardingResult {
  outcome: 'licensed' | 'invited' | 'dry-run';
  memberId: string | null;
  detail: string;
  /** Refused Workspaces an admin must settle by hand (Ensure Workspaces' alternative course). */
  gaps: string[];
}

export async function verifyOnboarding(
  run: RunContext,
  deps: OnboardingDeps<'people' | 'runs'>,
  refused: readonly Pick<WorkspaceRefusal, 'workspaceId' | 'detail'>[] = [],
): Promise<OnboardingResult> {
  await ensureCurrentRun(run, deps);
  if (run.dryRun) {
    await recordStep(run, deps, 'verify-onboarding', 'planned', 'Dry run: nothing to verify');
    return {
      outcome: 'dry-run',
      memberId: null,
      detail: 'Dry run: plan recorded, Trello unchanged',
      gaps: [],
    };
  }
  const member = await deps.trello.findMemberByEmail(run.person.email);
  if (member === null) {
    throw new ProvisioningNotVerifiedError(
      `Trello shows no account for ${run.person.email} after onboarding`,
    );
  }
  if (!member.licensed || member.deactivated) {
    throw new ProvisioningNotVerifiedError(
      `Trello shows ${run.person.email} ${member.deactivated ? 'deactivated' : 'without a seat'} after onboarding`,
    );
  }
  // A Workspace that refused them is reported, not waited for: asking Trello again changes nothing.
  const refusedIds = new Set(refused.map((r) => r.workspaceId));
  const targets = targetWorkspaces(deps.onboarding, run.person.department).filter(
    (id) => !refusedIds.has(id),
  );
  const missing =
    targets.length > 0 ? missingFrom(targets, await deps.trello.memberWorkspaceIds(member.memberId)) : [];
  if (missing.length > 0) {
    throw new ProvisioningNotVerifiedError(
      `Trello shows ${run.person.email} outside Workspace(s) ${missing.join(', ')}`,
    );
  }
  const outcome = member.confirmed ? 'licensed' : 'invited';
  const gaps = refused.map((r) => r.detail);
  const verified =
    outcome === 'licensed'
      ? `${run.person.email} holds a seat and is in ${targets.length} Workspace(s)`
      : `${run.person.email} is invited, holds a seat, and will be in ${targets.length} Workspace(s) once they accept`;
  const detail = gaps.length > 0 ? `${verified}; ${gaps.join('; ')}` : verified;
  await recordStep(run, deps, 'verify-onboarding', 'done', detail);
  return { outcome, memberId: member.memberId, detail, gaps };
}

function missingFrom(wanted: string[], actual: string[]): string[] {
  const have = new Set(actual);
  return wanted.filter((id) => !have.has(id));
}
