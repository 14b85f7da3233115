/**
 * Invite To Workspace — for a person Trello does not know yet:
 * 1. Look the email up again: an earlier attempt of this run may already have invited them, and a
 *    second invite is exactly the side effect a re-run must not have.
 * 2. Invite to the default Workspace (an Enterprise Workspace, so the invitee takes a seat).
 * 3. Read back the new account's member id; the run continues as for an existing account.
 *
 * Alternative course: the Workspace's membership restrictions refuse the invitation → the step
 * records why and what an admin can do, and throws WorkspaceRestrictedError (never retried):
 * Finish Onboarding ends the run `not-provisioned` and tells admins once.
 */
import { ConfigInvalidError, ProvisioningNotVerifiedError, WorkspaceRestrictedError } from '../errors.ts';
import { auditedChange, ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import { workspaceRefusal } from '../workspace-restrictions.ts';
import type { MemberDecision } from './decide-onboarding-path.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';

export async function inviteToWorkspace(
  run: RunContext,
  deps: OnboardingDeps<'people' | 'runs' | 'audit'>,
): Promise<MemberDecision> {
  await ensureCurrentRun(run, deps);
  const workspaceId = deps.onboarding.defaultWorkspaceId;
  if (workspaceId === null) {
    throw new ConfigInvalidError(
      'Inviting a new person needs a default Workspace: set LANYARD_TRELLO_DEFAULT_WORKSPACE_ID (deploy context `defaultWorkspaceId`)',
    );
  }
  if (run.dryRun) {
    await recordStep(
      run,
      deps,
      'invite-to-workspace',
      'planned',
      `Would invite ${run.person.email} to Workspace ${workspaceId}`,
    );
    return { path: 'invite', memberId: null, reason: 'Dry run: invitation planned' };
  }
  const existing = await deps.trello.findMemberByEmail(run.person.email);
  if (existing === null) {
    try {
      await auditedChange(
        run,
        deps,
        {
          action: 'invite-to-workspace',
          target: `email:${run.person.email}`,
          detail: `Invite to Workspace ${workspaceId}`,
        },
        () =>
          deps.trello.inviteToWorkspace(
            workspaceId,
            { email: run.person.email, fullName: run.person.fullName },
            'normal',
          ),
      );
    } catch (error) {
      const refusal = workspaceRefusal(error, workspaceId, run.person.email);
      if (refusal === null) throw error;
      await recordStep(run, deps, 'invite-to-workspace', 'failed', refusal.detail);
      throw new WorkspaceRestrictedError(refusal.detail, refusal.restriction);
    }
  }
  const invited = existing ?? (await deps.trello.findMemberByEmail(run.person.email));
  if (invited === null) {
    throw new ProvisioningNotVerifiedError(
      `Trello accepted the invitation of ${run.person.email} but shows no account for it yet`,
    );
  }
  const detail = existing
    ? `Already invited (${invited.memberId})`
    : `Invited ${run.person.email} (${invited.memberId})`;
  await recordStep(run, deps, 'invite-to-workspace', 'done', detail);
  return { path: 'invite', memberId: invited.memberId, reason: detail };
}
