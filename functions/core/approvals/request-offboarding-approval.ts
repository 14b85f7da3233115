/**
 * The two questions offboarding puts to an admin (`.waitForTaskToken` steps), recorded and
 * asked like every approval (askApproval: a decision is never lost and never asked twice):
 * - `delete-tokens`: a task only a person can do — delete the leaver's Trello Power-Up and mobile
 *   session tokens in the Enterprise dashboard (Trello has no API for it). Approve = done.
 * - `account-deactivation`: the account-wide IdP cut, with its blast radius stated, never a default.
 */
import type { ApprovalRecord } from '../../ports/records/approvals.ts';
import type { OffboardingDeps } from '../offboarding/offboarding-deps.ts';
import { type RunContext, recordStep } from '../run-context.ts';
import { askApproval } from './ask-approval.ts';
import { type OffboardingApprovalKind, offboardingApprovalId } from './offboarding-approval-id.ts';

export async function requestOffboardingApproval(
  run: RunContext,
  kind: OffboardingApprovalKind,
  taskToken: string,
  deps: OffboardingDeps<'runs' | 'approvals'>,
): Promise<{ approvalId: string; status: ApprovalRecord['status'] }> {
  const { question, options, title } = ask(run, kind, deps);
  const approval = await askApproval(
    {
      id: offboardingApprovalId(run.runId, kind),
      runId: run.runId,
      kind,
      subjectEmployeeId: run.person.id,
      subjectEmail: run.person.email,
      question,
      options,
      title,
    },
    taskToken,
    deps.offboarding,
    deps,
    (recorded) =>
      recordStep(
        run,
        deps,
        `ask-${kind}`,
        'done',
        `Waiting for approval ${recorded.id} (${recorded.status})`,
      ),
  );
  return { approvalId: approval.id, status: approval.status };
}

function ask(run: RunContext, kind: OffboardingApprovalKind, deps: OffboardingDeps<never>) {
  const who = `${run.person.fullName} (${run.person.email})`;
  if (kind === 'delete-tokens') {
    return {
      title: `Delete the Trello tokens of ${who}`,
      question: `${who} is leaving and still has Trello Power-Up or mobile session tokens, which only the Enterprise admin dashboard can delete (Trello has no API for it). Delete them there, then approve to mark this done; reject if they must stay.`,
      options: ['done: tokens deleted in the dashboard', 'reject'],
    };
  }
  const idp = deps.idp;
  const provider = idp?.kind ?? 'identity provider';
  return {
    title: `Deactivate the whole ${provider} account of ${who}?`,
    question: `${who}'s sign-in to Trello is already cut (${idp?.blastRadius('sign-in') ?? 'sign-in scope'}). Approve to also deactivate their whole ${provider} account: ${idp?.blastRadius('account') ?? 'every app the account reaches'}. Reject to leave the account as it is.`,
    options: ['deactivate the whole account', 'reject'],
  };
}
