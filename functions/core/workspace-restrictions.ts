/**
 * What a Workspace's membership restrictions refusing someone means for an admin. Trello refuses
 * an invite or an add when the Workspace allows only managed members of the Enterprise, or only
 * approved email domains (ref: shared/reference/trello organizations `prefs/orgInviteRestrict`;
 * Trello's Enterprise guide, "Workspace membership restrictions"). Asking again changes nothing,
 * so every caller records this once, tells admins once, and carries on with what it can do.
 */
import type { TrelloAdmin } from '../ports/trello-admin.ts';
import { WorkspaceRestrictedError } from './errors.ts';
import { auditedChange, type RunContext, type StepDeps } from './run-context.ts';

export interface WorkspaceRefusal {
  workspaceId: string;
  restriction: WorkspaceRestrictedError['restriction'];
  /** One sentence for a run, a row or a notification: the Workspace, the restriction, what to do. */
  detail: string;
}

/** The refusal `error` stands for, or null when it is another error (rethrow it). */
export function workspaceRefusal(
  error: unknown,
  workspaceId: string,
  email: string,
): WorkspaceRefusal | null {
  if (!(error instanceof WorkspaceRestrictedError)) return null;
  return {
    workspaceId,
    restriction: error.restriction,
    detail: refusalDetail(workspaceId, email, error.restriction),
  };
}

export function refusalDetail(
  workspaceId: string,
  email: string,
  restriction: WorkspaceRestrictedError['restriction'],
): string {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const rule =
    restriction === 'managed-only'
      ? 'allow only managed members of the Enterprise'
      : restriction === 'email-domain'
        ? `allow only approved email domains, and ${domain} is not one`
        : 'do not allow this person';
  const todo =
    restriction === 'managed-only'
      ? `make ${email} a managed member (claim ${domain} or sign them in through the Enterprise's SSO)`
      : `allow ${domain} in the Workspace's membership restrictions, make ${email} a managed member`;
  return `Workspace ${workspaceId} refused ${email}: its membership restrictions ${rule}. An admin can ${todo}, or add them to the Workspace by hand; Lanyard does not retry this.`;
}

/**
 * Adds the run's person to a Workspace under audit; null when done, the refusal when the
 * Workspace's membership restrictions said no (audited as failed, never retried). Other errors
 * propagate.
 */
export async function addToWorkspaceUnlessRestricted(
  run: RunContext,
  deps: StepDeps<'audit'> & { trello: TrelloAdmin },
  add: { workspaceId: string; memberId: string; detail: string },
): Promise<WorkspaceRefusal | null> {
  try {
    await auditedChange(
      run,
      deps,
      { action: 'add-to-workspace', target: `workspace:${add.workspaceId}`, detail: add.detail },
      () => deps.trello.addToWorkspace(add.workspaceId, add.memberId, 'normal'),
    );
    return null;
  } catch (error) {
    const refusal = workspaceRefusal(error, add.workspaceId, run.person.email);
    if (refusal === null) throw error;
    return refusal;
  }
}
