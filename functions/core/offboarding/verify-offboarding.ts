/**
 * Verify Offboarding: read back what the run claims — the member deactivated in Trello, the user
 * cut off in the IdP — and write the report: boards handed over or not, public
 * boards still readable by URL, tokens revoked or remaining, and every gap an admin must close by
 * hand. A cut that was refused (AdminHub, no such IdP user) or given up after its keep-trying
 * window leaves access in place: the run is `access-remains`, which fails it and alarms.
 */
import type { z } from 'zod';
import type { VerifyOffboardingInput } from '../../contracts/offboarding-steps.ts';
import { offboardingApprovalId } from '../approvals/offboarding-approval-id.ts';
import { ProvisioningNotVerifiedError } from '../errors.ts';
import { confirmPendingChanges, ensureCurrentRun, recordStep } from '../run-context.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

export type VerifyOffboardingFacts = z.infer<typeof VerifyOffboardingInput>;

export interface OffboardingReport {
  outcome: 'offboarded' | 'offboarded-with-gaps' | 'access-remains' | 'dry-run';
  gaps: string[];
  detail: string;
}

export async function verifyOffboarding(
  facts: VerifyOffboardingFacts,
  deps: OffboardingDeps<'people' | 'runs' | 'audit' | 'approvals'>,
): Promise<OffboardingReport> {
  const { run, leaver, member, tokens, idp } = facts;
  await ensureCurrentRun(run, deps);
  // Plan Handover hands over the first boards itself; the Map the rest.
  const handover = [...leaver.handedOver, ...facts.handover];
  const accountWide = await accountWideDecision(run.runId, deps);
  const lines: string[] = [];
  const gaps: string[] = [];
  /** Access the run could not end: each one makes the run `access-remains`. */
  const refused: string[] = [];

  if (run.dryRun) {
    const detail = `Dry run: ${leaver.boards.length} board(s) to hand over, ${leaver.publicBoards.length} public board(s), member ${leaver.memberId ?? 'none'}; nothing changed`;
    await recordStep(run, deps, 'verify-offboarding', 'planned', detail);
    return { outcome: 'dry-run', gaps: [], detail };
  }

  const trelloCut = member.result === 'deactivated' || member.result === 'already';
  if (trelloCut && member.memberId) {
    const now = await deps.trello.findMemberByEmail(run.person.email);
    if (now?.memberId === member.memberId && !now.deactivated) {
      throw new ProvisioningNotVerifiedError(`Trello shows ${run.person.email} active after offboarding`);
    }
    lines.push('Trello member deactivated (seat freed)');
  } else if (member.result === 'no-account') {
    lines.push('No Trello account');
  } else if (member.result === 'adminhub-managed') {
    refused.push(
      'Trello refused the deactivation (Enterprise managed in Atlassian Administration): remove the user in admin.atlassian.com',
    );
  } else if (member.result === 'gave-up') {
    refused.push('Lanyard gave up deactivating them in Trello after trying all day: deactivate them by hand');
  }

  const idpCut = idp.result === 'changed' || idp.result === 'already';
  if (idpCut && deps.idp) {
    const user = await deps.idp.findUser(run.person.email);
    if (user !== null && !(await deps.idp.isDeactivated(user, 'sign-in'))) {
      throw new ProvisioningNotVerifiedError(
        `${deps.idp.kind} still lets ${run.person.email} sign in after offboarding`,
      );
    }
    lines.push(
      `${deps.idp.kind} sign-in cut${accountWide === 'approved' ? ', whole account deactivated' : ''}`,
    );
  } else if (idp.result === 'not-configured') {
    gaps.push('No identity provider is configured: cut their SSO access by hand');
  } else if (idp.result === 'user-not-found') {
    refused.push(`The identity provider has no user ${run.person.email}: check how they sign in and cut it`);
  } else if (idp.result === 'gave-up') {
    refused.push(
      'Lanyard gave up cutting their sign-in in the identity provider after trying all day: cut it by hand',
    );
  }
  if (accountWide === 'rejected') lines.push('Account-wide deactivation rejected: the account stays');
  if (leaver.unchecked) {
    gaps.push(`Their boards were not checked (${leaver.unchecked}): look for boards they administered alone`);
  }

  const notHanded = handover.filter((b) => !b.handedOver);
  if (handover.length > 0)
    lines.push(`${handover.length - notHanded.length}/${handover.length} sole-admin board(s) handed over`);
  for (const board of notHanded)
    gaps.push(`Board "${board.boardName}" (${board.boardId}) has no admin left: ${board.detail}`);
  for (const board of leaver.publicBoards) {
    gaps.push(
      `Public board "${board.name}" stays readable by URL${board.url ? ` (${board.url})` : ''}: close it or make it private`,
    );
  }
  lines.push(tokens.detail);
  if (tokens.remaining === null && !tokens.deletedByAdmin && member.memberId)
    gaps.push('Trello would not list their tokens: check the Enterprise dashboard');
  else if ((tokens.remaining ?? 0) > 0)
    gaps.push(`${tokens.remaining} Trello token(s) remain: delete them in the Enterprise dashboard`);

  const accessRemains = refused.length > 0;
  const outcome = accessRemains ? 'access-remains' : gaps.length > 0 ? 'offboarded-with-gaps' : 'offboarded';
  if (!accessRemains) await confirmPendingChanges(run, deps, 'the Verify Offboarding read-back');
  const detail = [
    ...refused.map((r) => `ACCESS REMAINS: ${r}`),
    ...lines,
    ...gaps.map((g) => `GAP: ${g}`),
  ].join('. ');
  await recordStep(run, deps, 'verify-offboarding', accessRemains ? 'failed' : 'done', detail);
  return { outcome, gaps: [...refused, ...gaps], detail };
}

/**
 * What became of the account-wide deactivation, from its approval record rather than the state
 * machine's data: none asked, approved (the workflow reaches Verify only after that cut ran), or
 * not approved (rejected, or expired without a decision).
 */
async function accountWideDecision(
  runId: string,
  deps: OffboardingDeps<'approvals'>,
): Promise<'approved' | 'rejected' | 'not-asked'> {
  const approval = await deps.approvals.getApproval(offboardingApprovalId(runId, 'account-deactivation'));
  if (approval === null) return 'not-asked';
  return approval.status === 'approved' ? 'approved' : 'rejected';
}
