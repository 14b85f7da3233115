/**
 * Approvals. The waiting workflow's task token is kept in its own attribute and only
 * approvalTaskToken() returns it: every record handed out is built without it (DESIGN.md
 * "Records": the token is never returned by the API). Status is mirrored into gsi1
 * (`APPROVALSTATUS#<status>`, `<createdAt>#<id>`) for "pending approvals, newest first".
 *
 * Expiry: dynalite has no TTL, and DynamoDB would not expire an ISO string anyway, so an approval
 * is expired by its own `expiresAt`: a pending approval past it reads as `expired`, is not listed
 * as pending, and cannot be decided (the decision's condition compares ISO strings, which is why
 * times are stored canonical — keys.ts canonicalInstant).
 */
import { ApprovalNotPendingError } from '../../core/errors.ts';
import type { ApprovalStatus } from '../../core/model/approval-statuses.ts';
import type { ApprovalRecord, Approvals } from '../../ports/records/approvals.ts';
import type { Page } from '../../ports/records/page.ts';
import { canonicalInstant, Keys } from './keys.ts';
import { decodeCursor, encodeCursor, pageSize } from './page-cursor.ts';
import { ApprovalItem, parseItem } from './record-schemas.ts';
import { type Item, keyOf, type RecordTable } from './record-table.ts';
import { listNewestFirst, type StatusPartition } from './status-listing.ts';

export interface ApprovalDecision {
  status: 'approved' | 'rejected' | 'expired';
  by: string;
  at: string;
  comment: string | null;
}

const EXPIRY = { '#expiresAt': 'expiresAt' };

export class ApprovalRecords implements Approvals {
  constructor(
    private readonly table: RecordTable,
    private readonly now: () => Date,
  ) {}

  /**
   * Creates the approval; if it exists and is still pending, a re-run of the workflow waits on it
   * again, so only the task token is replaced. A decided approval is returned as it is.
   */
  async putApproval(approval: ApprovalRecord, taskToken: string): Promise<ApprovalRecord> {
    if (taskToken === '') throw new Error(`Approval ${approval.id} needs the task token of the waiting step`);
    const key = Keys.approval(approval.id);
    const createdAt = canonicalInstant(approval.createdAt, `The creation time of approval ${approval.id}`);
    const expiresAt = canonicalInstant(approval.expiresAt, `The expiry of approval ${approval.id}`);
    const item = parseItem(ApprovalItem, { ...approval, createdAt, expiresAt, taskToken }, key);
    const gsi = Keys.approvalStatus(item.status, createdAt, approval.id);
    if (await this.table.putIfAbsent({ ...key, ...gsi, ...item })) return this.toRecord(item);
    const refreshed = await this.table.updateIf(key, {
      UpdateExpression: 'SET #token = :token',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#token': 'taskToken', '#status': 'status' },
      ExpressionAttributeValues: { ':token': taskToken, ':pending': 'pending' },
    });
    const stored = refreshed ?? (await this.table.get(key));
    if (stored === null) throw new Error(`Approval ${approval.id} was deleted while it was being created`);
    return this.toRecord(parseItem(ApprovalItem, stored, key));
  }

  async getApproval(id: string): Promise<ApprovalRecord | null> {
    const item = await this.read(id);
    return item === null ? null : this.toRecord(item);
  }

  /** Also after the decision: the decider hands it to the waiting step with this token. */
  async approvalTaskToken(id: string): Promise<string | null> {
    return (await this.read(id))?.taskToken ?? null;
  }

  /**
   * One conditional write decides it: pending and (for a decision) not past its expiry. Closing
   * it as `expired` is allowed past the expiry: that is what the timeout or a finished run does.
   */
  async decideApproval(id: string, decision: ApprovalDecision): Promise<ApprovalRecord> {
    const key = Keys.approval(id);
    const decidesInTime = decision.status !== 'expired';
    const updated = await this.table.updateIf(key, {
      // gsi1sk (`<createdAt>#<id>`) stays; only the status partition changes.
      UpdateExpression: 'SET #status = :status, #by = :by, #at = :at, #comment = :comment, #gpk = :gpk',
      ConditionExpression: decidesInTime ? '#status = :pending AND #expiresAt > :now' : '#status = :pending',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#by': 'decidedBy',
        '#at': 'decidedAt',
        '#comment': 'comment',
        '#gpk': 'gsi1pk',
        ...(decidesInTime ? EXPIRY : {}),
      },
      ExpressionAttributeValues: {
        ':status': decision.status,
        ':by': decision.by,
        ':at': decision.at,
        ':comment': decision.comment,
        ':gpk': Keys.approvalStatusPartition(decision.status),
        ':pending': 'pending',
        ...(decidesInTime ? { ':now': this.now().toISOString() } : {}),
      },
    });
    if (updated !== null) return this.toRecord(parseItem(ApprovalItem, updated, key));
    throw await this.whyNotPending(id);
  }

  async listApprovals(filter: {
    status?: ApprovalStatus;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<ApprovalRecord>> {
    const size = pageSize(filter.limit);
    const listing = `approvals|status=${filter.status ?? '*'}`;
    const page = await listNewestFirst(
      this.table,
      this.partitionsFor(filter.status),
      decodeCursor(listing, filter.cursor),
      size,
    );
    return {
      items: page.items.map((item: Item) => this.toRecord(parseItem(ApprovalItem, item, keyOf(item)))),
      nextCursor: page.resumeAfter === null ? null : encodeCursor(listing, page.resumeAfter),
    };
  }

  /** Pending items past their expiry belong to `expired`, whatever their stored status says. */
  private partitionsFor(status: ApprovalStatus | undefined): StatusPartition[] {
    const partition = (s: ApprovalStatus, filter?: StatusPartition['filter']): StatusPartition => ({
      gsi1pk: Keys.approvalStatusPartition(s),
      filter,
    });
    const now = { ':now': this.now().toISOString() };
    switch (status) {
      case undefined:
        return (['pending', 'approved', 'rejected', 'expired'] as const).map((s) => partition(s));
      case 'pending':
        return [partition('pending', { expression: '#expiresAt > :now', names: EXPIRY, values: now })];
      case 'expired':
        return [
          partition('expired'),
          partition('pending', { expression: '#expiresAt <= :now', names: EXPIRY, values: now }),
        ];
      default:
        return [partition(status)];
    }
  }

  private async whyNotPending(id: string): Promise<ApprovalNotPendingError> {
    const item = await this.read(id);
    if (item === null) return new ApprovalNotPendingError(`Approval ${id} does not exist`);
    if (item.status === 'pending') {
      return new ApprovalNotPendingError(
        `Approval ${id} expired at ${item.expiresAt} before anyone decided it; it can no longer be decided`,
      );
    }
    const by = item.decidedBy === null ? '' : ` by ${item.decidedBy}`;
    const at = item.decidedAt === null ? '' : ` at ${item.decidedAt}`;
    return new ApprovalNotPendingError(
      `Approval ${id} was already ${item.status}${by}${at}; decisions are single-use`,
    );
  }

  private async read(id: string): Promise<ApprovalItem | null> {
    const key = Keys.approval(id);
    const item = await this.table.get(key);
    return item === null ? null : parseItem(ApprovalItem, item, key);
  }

  /** The record as handed out: every field but the task token, expiry applied. */
  private toRecord(item: ApprovalItem): ApprovalRecord {
    const { taskToken: _neverReturned, ...approval } = item;
    const expired = approval.status === 'pending' && approval.expiresAt <= this.now().toISOString();
    return expired ? { ...approval, status: 'expired' } : approval;
  }
}
