/**
 * Approvals in memory: decided once, the task token kept back, a pending approval past its expiry
 * read as expired (listed so, and no longer decidable but by the timeout path).
 */
import { ApprovalNotPendingError } from '../../../functions/core/errors.ts';
import type { ApprovalStatus } from '../../../functions/core/model/approval-statuses.ts';
import type { ApprovalRecord, Approvals } from '../../../functions/ports/records/approvals.ts';
import type { Page } from '../../../functions/ports/records/page.ts';
import { copy, instant, pageOf } from './memory-pages.ts';

export class InMemoryApprovals implements Approvals {
  private readonly approvals = new Map<string, { approval: ApprovalRecord; taskToken: string }>();

  constructor(private readonly now: () => Date) {}

  async putApproval(approval: ApprovalRecord, taskToken: string): Promise<ApprovalRecord> {
    if (taskToken === '') throw new Error(`Approval ${approval.id} needs the task token of the waiting step`);
    const stored = this.approvals.get(approval.id);
    if (stored === undefined) {
      const createdAt = instant(approval.createdAt, 'createdAt');
      const expiresAt = instant(approval.expiresAt, 'expiresAt');
      this.approvals.set(approval.id, { approval: { ...copy(approval), createdAt, expiresAt }, taskToken });
      return this.read(approval.id) as ApprovalRecord;
    }
    if (stored.approval.status === 'pending') stored.taskToken = taskToken;
    return this.read(approval.id) as ApprovalRecord;
  }

  async getApproval(id: string): Promise<ApprovalRecord | null> {
    return this.read(id);
  }

  async approvalTaskToken(id: string): Promise<string | null> {
    return this.approvals.get(id)?.taskToken ?? null;
  }

  async decideApproval(
    id: string,
    decision: { status: 'approved' | 'rejected' | 'expired'; by: string; at: string; comment: string | null },
  ): Promise<ApprovalRecord> {
    const stored = this.approvals.get(id)?.approval;
    if (stored === undefined) throw new ApprovalNotPendingError(`Approval ${id} does not exist`);
    const inTime = stored.expiresAt > this.now().toISOString();
    if (stored.status === 'pending' && (inTime || decision.status === 'expired')) {
      Object.assign(stored, {
        status: decision.status,
        decidedBy: decision.by,
        decidedAt: decision.at,
        comment: decision.comment,
      });
      return this.read(id) as ApprovalRecord;
    }
    if (stored.status === 'pending')
      throw new ApprovalNotPendingError(
        `Approval ${id} expired at ${stored.expiresAt} before anyone decided it; it can no longer be decided`,
      );
    const by = stored.decidedBy === null ? '' : ` by ${stored.decidedBy}`;
    const at = stored.decidedAt === null ? '' : ` at ${stored.decidedAt}`;
    throw new ApprovalNotPendingError(
      `Approval ${id} was already ${stored.status}${by}${at}; decisions are single-use`,
    );
  }

  async listApprovals(filter: {
    status?: ApprovalStatus;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<ApprovalRecord>> {
    const newestFirst = [...this.approvals.keys()]
      .map((id) => this.read(id) as ApprovalRecord)
      .filter((a) => filter.status === undefined || a.status === filter.status)
      .sort((a, b) => sortKey(b).localeCompare(sortKey(a)));
    return pageOf(`approvals|status=${filter.status ?? '*'}`, newestFirst, sortKey, filter);
  }

  /** The approval as handed out: never its task token, and expired once past its expiry. */
  private read(id: string): ApprovalRecord | null {
    const stored = this.approvals.get(id)?.approval;
    if (stored === undefined) return null;
    const expired = stored.status === 'pending' && stored.expiresAt <= this.now().toISOString();
    return copy(expired ? { ...stored, status: 'expired' } : stored);
  }
}

const sortKey = (approval: ApprovalRecord) => `${approval.createdAt}#${approval.id}`;
