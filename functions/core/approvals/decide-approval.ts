/**
 * An admin decides an approval (admin API, CLI, tests):
 * 1. Refuse the subject of the approval: nobody approves their own access.
 * 2. Record the decision exactly once (conditional write; expired or decided → refused).
 * 3. Audit it: the authenticated caller is the approver of record.
 * 4. Hand it to the waiting workflow step through its task token, which never leaves the server.
 * A retry by the same admin with the same decision re-sends it (the first send may have failed);
 * if the workflow is gone, the recorded decision is replayed when the run is re-run.
 */
import type { Clock } from '../../ports/clock.ts';
import type { ApprovalRecord, RecordStore } from '../../ports/record-store.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import { ApprovalNotFoundError, SelfApprovalError } from '../errors.ts';
import { replayDecision } from './ask-approval.ts';

export interface DecideApprovalDeps {
  records: RecordStore;
  workflow: WorkflowEngine;
  clock: Clock;
  /** Also refuse the subject's manager (their HR profile's managerEmail): four eyes beyond the line. */
  excludeSubjectManager?: boolean;
}

export interface ApprovalDecision {
  approvalId: string;
  decision: 'approved' | 'rejected';
  /** The authenticated caller's identity (e.g. their email). */
  by: string;
  comment: string | null;
}

export async function decideApproval(
  input: ApprovalDecision,
  deps: DecideApprovalDeps,
): Promise<ApprovalRecord> {
  const current = await deps.records.getApproval(input.approvalId);
  if (current === null) throw new ApprovalNotFoundError(`Approval ${input.approvalId} does not exist`);
  if (current.subjectEmail !== null && current.subjectEmail.toLowerCase() === input.by.toLowerCase()) {
    throw new SelfApprovalError(
      `${input.by} is the subject of approval ${input.approvalId} and cannot decide it; ask another admin`,
    );
  }
  if (deps.excludeSubjectManager && current.subjectEmployeeId !== null) {
    const manager = (await deps.records.getProfile(current.subjectEmployeeId))?.managerEmail;
    if (manager && manager.toLowerCase() === input.by.toLowerCase()) {
      throw new SelfApprovalError(
        `${input.by} manages the subject of approval ${input.approvalId}, and this installation lets neither decide it; ask another admin`,
      );
    }
  }
  const sameDecisionRetried =
    current.status === input.decision && current.decidedBy?.toLowerCase() === input.by.toLowerCase();
  const decided = sameDecisionRetried
    ? current
    : await deps.records.decideApproval(input.approvalId, {
        status: input.decision,
        by: input.by,
        at: deps.clock.now().toISOString(),
        comment: input.comment,
      });
  await auditAndDeliver(decided, `admin:${input.by}`, `${decided.status} by ${input.by}`, deps);
  return decided;
}

/**
 * After a decision is recorded: audit it (keyed on the approval, so a retried decision completes
 * the same entry instead of adding one) and hand it to the waiting workflow step.
 */
export async function auditAndDeliver(
  decided: ApprovalRecord,
  actor: string,
  result: string,
  deps: Pick<DecideApprovalDeps, 'records' | 'workflow' | 'clock'>,
): Promise<void> {
  const { ref } = await deps.records.beginAudit(decided.runId, `decide-approval:${decided.id}`, {
    at: decided.decidedAt ?? deps.clock.now().toISOString(),
    actor,
    action: 'decide-approval',
    target: `approval:${decided.id}`,
    detail: `${decided.status} ${decided.kind} approval${decided.comment ? `: ${decided.comment}` : ''}`,
    runId: decided.runId,
    employeeId: decided.subjectEmployeeId,
  });
  await deps.records.completeAudit(ref, 'succeeded', result);
  const token = await deps.records.approvalTaskToken(decided.id);
  if (token !== null) await replayDecision(decided, token, deps);
}
