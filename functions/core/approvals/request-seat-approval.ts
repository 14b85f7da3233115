/**
 * Ask For Seats (a `.waitForTaskToken` step): the grant failed because every seat is taken, so an
 * admin is asked (askApproval: recorded once, a decision replayed, never asked twice). The id comes
 * from run + attempt, so a re-run of the workflow finds the same approval again.
 */
import type { ApprovalRecord } from '../../ports/records/approvals.ts';
import type { OnboardingDeps } from '../onboarding/onboarding-deps.ts';
import { type RunContext, recordStep } from '../run-context.ts';
import { type AskApprovalDeps, askApproval } from './ask-approval.ts';

export const SEAT_APPROVAL_OPTIONS = ['add seats or reclaim, then retry', 'reject'];

export function seatApprovalId(runId: string, attempt: number): string {
  return `${runId}:seats:${attempt}`;
}

export async function requestSeatApproval(
  run: RunContext,
  attempt: number,
  taskToken: string,
  deps: AskApprovalDeps & Pick<OnboardingDeps, 'onboarding'>,
): Promise<{ approvalId: string; status: ApprovalRecord['status'] }> {
  // A re-ask (the approved retry still found no seat) says so, and which approval came before.
  const earlier =
    attempt > 1 ? await deps.approvals.getApproval(seatApprovalId(run.runId, attempt - 1)) : null;
  const again =
    earlier?.status === 'approved'
      ? `Asked again: approval ${earlier.id} was approved${earlier.decidedBy ? ` by ${earlier.decidedBy}` : ''}${earlier.decidedAt ? ` at ${earlier.decidedAt}` : ''}, but Trello still had no free seat when the grant was retried. `
      : '';
  const approval = await askApproval(
    {
      id: seatApprovalId(run.runId, attempt),
      runId: run.runId,
      kind: 'seats-exhausted',
      subjectEmployeeId: run.person.id,
      subjectEmail: run.person.email,
      question: `${again}No Trello Enterprise seat is free for ${run.person.fullName} (${run.person.email}). Add seats or reclaim idle ones, then approve to retry; or reject to end onboarding without access.`,
      options: SEAT_APPROVAL_OPTIONS,
      title: `${again ? 'Seat still needed' : 'Seat needed'} for ${run.person.fullName}${again ? ' (asked again)' : ''}`,
    },
    taskToken,
    deps.onboarding,
    deps,
    (recorded) =>
      recordStep(
        run,
        deps,
        'ask-for-seats',
        'done',
        `Waiting for approval ${recorded.id} (${recorded.status})`,
      ),
  );
  return { approvalId: approval.id, status: approval.status };
}
