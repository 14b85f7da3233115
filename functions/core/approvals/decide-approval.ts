/**
 * An admin decides an approval (admin API, CLI, tests):
 * 1. Refuse the subject of the approval: nobody approves their own access.
 * 2. Record the decision exactly once (conditional write; expired or decided → refused).
 * 3. Audit it: the authenticated caller is the approver of record.
 * 4. Hand it to the waiting workflow step through its task token, which never leaves the server.
 * A second decision — by anyone — is refused (409); the recorded one is re-sent meanwhile (the
 * first send may have failed); if the workflow is gone, it is replayed when the run is re-run.
 * Identities are compared as mailboxes (approver-identity.ts), never as strings.
 */
import type { Clock } from '../../ports/clock.ts';
import type { ApprovalRecord, Approvals } from '../../ports/records/approvals.ts';
import type { AuditLog } from '../../ports/records/audit-log.ts';
import type { People } from '../../ports/records/people.ts';
import type { Runs } from '../../ports/records/runs.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import { ApprovalNotFoundError, ApprovalNotPendingError, SelfApprovalError } from '../errors.ts';
import { isSamePerson } from './approver-identity.ts';
import { replayDecision } from './ask-approval.ts';

export interface DecideApprovalDeps {
  approvals: Approvals;
  people: People;
  runs: Runs;
  audit: AuditLog;
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
  const current = await deps.approvals.getApproval(input.approvalId);
  if (current === null) throw new ApprovalNotFoundError(`Approval ${input.approvalId} does not exist`);
  // The subject as the approval names them and as their HR record does now (an email change).
  const subject =
    current.subjectEmployeeId === null ? null : await deps.people.getProfile(current.subjectEmployeeId);
  if (isSamePerson(input.by, [current.subjectEmail, subject?.email])) {
    throw new SelfApprovalError(
      `${input.by} is the subject of approval ${input.approvalId} (under any alias of their address) and cannot decide it; ask another admin`,
    );
  }
  if (deps.excludeSubjectManager && isSamePerson(input.by, [subject?.managerEmail])) {
    throw new SelfApprovalError(
      `${input.by} manages the subject of approval ${input.approvalId}, and this installation lets neither decide it; ask another admin`,
    );
  }
  if (current.status !== 'pending') {
    // Decisions are single-use, whoever asks again. Re-sending a recorded decision heals a delivery
    // that failed after it was recorded; a wait that has ended refuses it, which changes nothing.
    const token = current.status === 'expired' ? null : await deps.approvals.approvalTaskToken(current.id);
    if (token !== null) await replayDecision(current, token, deps).catch(() => undefined);
    throw new ApprovalNotPendingError(
      `Approval ${current.id} was already ${current.status}${current.decidedBy ? ` by ${current.decidedBy}` : ''}${current.decidedAt ? ` at ${current.decidedAt}` : ''}${current.comment ? ` (${current.comment})` : ''}; a decision is made once`,
    );
  }
  const decided = await deps.approvals.decideApproval(input.approvalId, {
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
  deps: Pick<DecideApprovalDeps, 'approvals' | 'runs' | 'audit' | 'workflow' | 'clock'>,
): Promise<void> {
  await auditDecision(decided, actor, result, deps);
  await deliverDecision(decided, deps);
  // The run no longer waits: it is shown as running again at once.
  await deps.runs.setRunWaiting(decided.runId, 'running', 'waiting-approval');
}

/** Hands a recorded decision to the workflow step waiting on it, when one still waits. */
export async function deliverDecision(
  decided: ApprovalRecord,
  deps: Pick<DecideApprovalDeps, 'approvals' | 'workflow'>,
): Promise<void> {
  const token = await deps.approvals.approvalTaskToken(decided.id);
  if (token !== null) await replayDecision(decided, token, deps);
}

/** The decision's audit entry, keyed on the approval (an approval is decided once). */
export async function auditDecision(
  decided: ApprovalRecord,
  actor: string,
  result: string,
  deps: Pick<DecideApprovalDeps, 'audit' | 'clock'>,
): Promise<void> {
  const { ref } = await deps.audit.beginAudit(decided.runId, `decide-approval:${decided.id}`, {
    at: decided.decidedAt ?? deps.clock.now().toISOString(),
    actor,
    action: 'decide-approval',
    target: `approval:${decided.id}`,
    detail: `${decided.status} ${decided.kind} approval${decided.comment ? `: ${decided.comment}` : ''}`,
    runId: decided.runId,
    employeeId: decided.subjectEmployeeId,
  });
  await deps.audit.completeAudit(ref, 'succeeded', result);
}
