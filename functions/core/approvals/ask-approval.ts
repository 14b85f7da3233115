/**
 * How every `.waitForTaskToken` approval step asks (seats, offboarding tasks, sweeps):
 * 1. Record the approval (its id is derived from the run, so a re-run of the workflow finds it
 *    again) with the new task token; the token stays in the record store, never in what admins see.
 * 2. If an admin already decided it (before a crash or restart), hand that decision to the
 *    waiting step at once: a decision is never lost and never asked twice.
 * 3. Otherwise notify the approvers, pointing at the console (links never decide anything).
 */
import type { Clock } from '../../ports/clock.ts';
import type { Notifier } from '../../ports/notifier.ts';
import type { ApprovalRecord, Approvals } from '../../ports/records/approvals.ts';
import type { Runs } from '../../ports/records/runs.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import { ErrorNames } from '../errors.ts';

export interface ApprovalQuestion {
  id: string;
  runId: string;
  kind: string;
  subjectEmployeeId: string | null;
  subjectEmail: string | null;
  question: string;
  options: string[];
  /** The notification's one-line title. */
  title: string;
}

export interface AskApprovalDeps {
  approvals: Approvals;
  runs: Runs;
  clock: Clock;
  notifier: Notifier;
  workflow: WorkflowEngine;
}

export async function askApproval(
  ask: ApprovalQuestion,
  taskToken: string,
  settings: { approvalTimeoutHours: number; consoleUrl: string | null },
  deps: AskApprovalDeps,
  /** Runs once the approval is recorded, before a recorded decision can let the workflow go on. */
  afterRecord: (approval: ApprovalRecord) => Promise<void> = async () => {},
): Promise<ApprovalRecord> {
  const now = deps.clock.now();
  const { title, ...fields } = ask;
  const approval = await deps.approvals.putApproval(
    {
      ...fields,
      status: 'pending',
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + settings.approvalTimeoutHours * 3_600_000).toISOString(),
      decidedBy: null,
      decidedAt: null,
      comment: null,
    },
    taskToken,
  );
  await afterRecord(approval);
  if (approval.status !== 'pending') {
    await replayDecision(approval, taskToken, deps);
    return approval;
  }
  // Shown as waiting until the decision comes (recordStep moves it back once the run goes on).
  await deps.runs.setRunWaiting(approval.runId, 'waiting-approval', 'running');
  const link = settings.consoleUrl
    ? ` Decide in the console: ${settings.consoleUrl}#/approvals/${encodeURIComponent(approval.id)}`
    : '';
  await deps.notifier.notify({
    kind: 'approval-requested',
    title,
    body: `${approval.question}${link}`,
    runId: approval.runId,
    approvalId: approval.id,
  });
  return approval;
}

/** Sends a recorded decision to the waiting step, the same way a live decision is sent. */
export async function replayDecision(
  approval: ApprovalRecord,
  taskToken: string,
  deps: Pick<AskApprovalDeps, 'workflow'>,
): Promise<void> {
  switch (approval.status) {
    case 'approved':
      await deps.workflow.completeTask(taskToken, {
        decision: 'approved',
        approvalId: approval.id,
        decidedBy: approval.decidedBy,
        comment: approval.comment,
      });
      return;
    case 'rejected':
      await deps.workflow.failTask(
        taskToken,
        ErrorNames.ApprovalRejected,
        `Rejected by ${approval.decidedBy ?? 'an admin'}${approval.comment ? `: ${approval.comment}` : ''}`,
      );
      return;
    case 'expired':
      await deps.workflow.failTask(taskToken, ErrorNames.ApprovalExpired, `Approval ${approval.id} expired`);
      return;
    case 'pending':
      return;
  }
}
