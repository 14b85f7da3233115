/** Approvals asked of admins (DESIGN.md "Records": `APPROVAL#<id>`), each with the task token it answers. */
import type { ApprovalStatus } from '../../core/model/approval-statuses.ts';
import type { Page } from './page.ts';

export interface ApprovalRecord {
  id: string;
  runId: string;
  kind: string;
  /** The person the approval is about; they may never decide it. */
  subjectEmployeeId: string | null;
  subjectEmail: string | null;
  question: string;
  options: string[];
  status: ApprovalStatus;
  createdAt: string;
  expiresAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
}

export interface Approvals {
  /** Creates the approval, or refreshes the task token of a pending one with the same id (a re-run waits again). */
  putApproval(approval: ApprovalRecord, taskToken: string): Promise<ApprovalRecord>;
  getApproval(id: string): Promise<ApprovalRecord | null>;
  /** The task token of a pending approval; it never leaves the server side. */
  approvalTaskToken(id: string): Promise<string | null>;
  /**
   * Decides a pending, unexpired approval exactly once (conditional write). Throws
   * ApprovalNotPendingError when it was already decided or has expired.
   */
  decideApproval(
    id: string,
    decision: { status: 'approved' | 'rejected' | 'expired'; by: string; at: string; comment: string | null },
  ): Promise<ApprovalRecord>;
  listApprovals(filter: {
    status?: ApprovalStatus;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<ApprovalRecord>>;
}
