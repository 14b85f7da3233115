/** Approvals asked of admins (DESIGN.md "Records": `APPROVAL#<id>`), each with the task token it answers. */
import type { ApprovalRecord } from '../../contracts/records/approvals.ts';
import type { ApprovalStatus } from '../../core/model/approval-statuses.ts';
import type { Page } from './page.ts';

// Shapes of records: each the z.infer of its schema in contracts/records/, their single source.
export type { ApprovalRecord };

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
