/**
 * RecordStore on one DynamoDB table (DESIGN.md "Records"). Single-item conditional writes only:
 * the local server (dynalite) has no transactions, and nothing here needs them — every
 * multi-item change is ordered so a crash between two writes is repaired by the re-run.
 */
import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ApprovalNotPendingError, ConcurrentUpdateError } from '../../core/errors.ts';
import type {
  AppliedEvent,
  ApprovalRecord,
  ApprovalStatus,
  AuditEntry,
  AuditRef,
  AuditResult,
  HrEventClaim,
  Page,
  PersonProfile,
  RecordStore,
  RunRecord,
  RunStatus,
  RunStep,
} from '../../ports/record-store.ts';
import { RunStatuses } from '../../ports/record-store.ts';
import { Keys, RECORD_TABLE_KEYS } from './keys.ts';
import {
  ApprovalItem,
  AuditItem,
  AuditReservationItem,
  ProfileItem,
  parseItem,
  RunItem,
} from './record-schemas.ts';

export interface DynamoDbRecordStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  now?: () => Date;
}

const GSI = RECORD_TABLE_KEYS.gsi1;
/** Every audit entry is also under one GSI partition, so a listing since any date is one query. */
const AUDIT_INDEX = 'AUDIT';

export class DynamoDbRecordStore implements RecordStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly now: () => Date;

  constructor(options: DynamoDbRecordStoreOptions) {
    this.db = options.client;
    this.table = options.tableName;
    this.now = options.now ?? (() => new Date());
  }

  // --- HR events ----------------------------------------------------------------------------

  async claimHrEvent(eventId: string, expiresAt: string): Promise<HrEventClaim> {
    const now = this.now().toISOString();
    try {
      // dynalite has no TTL: an expired marker counts as absent by its own expiresAt.
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...Keys.hrEvent(eventId),
            eventId,
            status: 'pending',
            expiresAtIso: expiresAt,
            expiresAt: epochSeconds(expiresAt),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAtIso <= :now',
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return 'new';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const item = await this.get(Keys.hrEvent(eventId));
      return item?.status === 'published' ? 'published' : 'pending';
    }
  }

  async markHrEventPublished(eventId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: Keys.hrEvent(eventId),
        UpdateExpression: 'SET #status = :published',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':published': 'published' },
      }),
    );
  }

  // --- people -------------------------------------------------------------------------------

  async getProfile(employeeId: string): Promise<PersonProfile | null> {
    const item = await this.get(Keys.profile(employeeId));
    return item ? parseItem(ProfileItem, item, `PERSON#${employeeId}/PROFILE`) : null;
  }

  async putProfile(
    profile: Omit<PersonProfile, 'version'>,
    expectedVersion: number | null,
  ): Promise<PersonProfile> {
    const stored: PersonProfile = { ...profile, version: (expectedVersion ?? 0) + 1 };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...Keys.profile(profile.employeeId), ...stored },
          ConditionExpression: expectedVersion === null ? 'attribute_not_exists(pk)' : 'version = :expected',
          ExpressionAttributeValues: expectedVersion === null ? undefined : { ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConcurrentUpdateError(
          `The profile of ${profile.employeeId} changed since it was read (expected version ${expectedVersion ?? 'none'}); read it again`,
        );
      }
      throw error;
    }
    return stored;
  }

  async recordPersonEvent(employeeId: string, event: AppliedEvent & { detail: unknown }): Promise<void> {
    await this.putIfAbsent({ ...Keys.personEvent(employeeId, event.effectiveAt, event.id), ...event });
  }

  // --- runs ---------------------------------------------------------------------------------

  async createRun(run: RunRecord): Promise<{ created: boolean; run: RunRecord }> {
    const { steps: _steps, ...rest } = run;
    const created = await this.putIfAbsent({
      ...Keys.run(run.runId),
      ...Keys.runStatus(run.status, run.startedAt, run.runId),
      ...rest,
      steps: {},
    });
    const stored = created ? run : await this.getRun(run.runId);
    if (!stored) throw new Error(`Run ${run.runId} vanished while being created`);
    // The person's pointer is written every time (idempotent), so a crash after the run item is repaired.
    if (stored.employeeId) {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...Keys.personRun(stored.employeeId, stored.startedAt, stored.runId), runId: stored.runId },
        }),
      );
    }
    return { created, run: stored };
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    const item = await this.get(Keys.run(runId));
    return item ? toRun(parseItem(RunItem, item, `RUN#${runId}`)) : null;
  }

  async recordRunStep(runId: string, step: RunStep): Promise<void> {
    const names = { '#steps': 'steps', '#s': step.step };
    try {
      // First occurrence: the whole entry, with its place in the run's order.
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: Keys.run(runId),
          // The order of first occurrence is kept in a list appended in the same write (a clock
          // could tie; the list cannot).
          UpdateExpression:
            'SET #steps.#s = :entry, stepOrder = list_append(if_not_exists(stepOrder, :empty), :name)',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#steps.#s)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':entry': { ...step, order: 0 }, ':empty': [], ':name': [step.step] },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // A re-run of the same step: replace what it says, keep where it stands.
      await this.db
        .send(
          new UpdateCommand({
            TableName: this.table,
            Key: Keys.run(runId),
            UpdateExpression:
              'SET #steps.#s.#at = :at, #steps.#s.#result = :result, #steps.#s.#detail = :detail',
            ConditionExpression: 'attribute_exists(#steps.#s)',
            ExpressionAttributeNames: { ...names, '#at': 'at', '#result': 'result', '#detail': 'detail' },
            ExpressionAttributeValues: { ':at': step.at, ':result': step.result, ':detail': step.detail },
          }),
        )
        .catch((inner: unknown) => {
          if (isConditionFailure(inner))
            throw new Error(`Run ${runId} does not exist; cannot record step ${step.step}`);
          throw inner;
        });
    }
  }

  async finishRun(
    runId: string,
    end: { status: RunStatus; outcome: string; summary: string; finishedAt: string | null },
  ): Promise<RunRecord> {
    const current = await this.getRun(runId);
    if (!current) throw new Error(`Run ${runId} does not exist; cannot finish it`);
    const result = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: Keys.run(runId),
        UpdateExpression:
          'SET #status = :status, outcome = :outcome, summary = :summary, finishedAt = :finishedAt, gsi1pk = :gpk, gsi1sk = :gsk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': end.status,
          ':outcome': end.outcome,
          ':summary': end.summary,
          ':finishedAt': end.finishedAt,
          ':gpk': Keys.runStatus(end.status, current.startedAt, runId).gsi1pk,
          ':gsk': Keys.runStatus(end.status, current.startedAt, runId).gsi1sk,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRun(parseItem(RunItem, result.Attributes, `RUN#${runId}`));
  }

  async listRuns(filter: {
    status?: RunStatus;
    employeeId?: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<RunRecord>> {
    const limit = clampLimit(filter.limit);
    const before = decodeCursor(filter.cursor);
    if (filter.employeeId) {
      // The person's run pointers, newest first; the status filter (if any) applies on top.
      const items: RunRecord[] = [];
      let start: string | null = before;
      for (;;) {
        const page = await this.queryDesc(
          { pk: `PERSON#${filter.employeeId}`, skPrefix: 'RUN#', before: start },
          limit * 2,
        );
        for (const pointer of page.items) {
          const run = await this.getRun(String(pointer.runId));
          if (run && (!filter.status || run.status === filter.status)) items.push(run);
          if (items.length === limit) return { items, nextCursor: encodeCursor(String(pointer.sk)) };
        }
        if (!page.more) return { items, nextCursor: null };
        start = String(page.items.at(-1)?.sk);
      }
    }
    const statuses = filter.status ? [filter.status] : [...RunStatuses];
    const merged = await this.mergeStatusPartitions(
      statuses.map((s) => `RUNSTATUS#${s}`),
      before,
      limit,
    );
    return {
      items: merged.items.map((item) => toRun(parseItem(RunItem, item, String(item.pk)))),
      nextCursor: merged.nextCursor,
    };
  }

  // --- audit --------------------------------------------------------------------------------

  async beginAudit(
    runId: string | null,
    actionKey: string,
    entry: Omit<AuditEntry, 'id' | 'result'>,
  ): Promise<{ ref: AuditRef; entry: AuditEntry }> {
    if (runId === null) {
      const created: AuditEntry = { ...entry, id: randomUUID(), result: 'pending' };
      const ref = Keys.audit(created.at, created.id);
      await this.putIfAbsent({ ...ref, ...auditIndex(created), ...created });
      return { ref, entry: created };
    }
    const reservation = Keys.auditReservation(runId, actionKey);
    const id = reservation.sk.slice('AUDITKEY#'.length, 'AUDITKEY#'.length + 24);
    const wanted = Keys.audit(entry.at, id);
    // 1. Reserve the entry's key for this (run, action); a re-run finds the reservation instead.
    const reserved = await this.putIfAbsent({ ...reservation, auditPk: wanted.pk, auditSk: wanted.sk });
    const ref = reserved ? wanted : await this.reservedRef(reservation);
    // 2. The entry itself, unless it is already there (a crash may have come between 1 and 2).
    const fresh: AuditEntry = {
      ...entry,
      id,
      at: ref.sk.slice(0, ref.sk.lastIndexOf('#')),
      result: 'pending',
    };
    await this.putIfAbsent({ ...ref, ...auditIndex(fresh), ...fresh });
    const stored = await this.get(ref);
    return { ref, entry: parseItem(AuditItem, stored, `${ref.pk}/${ref.sk}`) };
  }

  async runAudit(runId: string): Promise<Array<{ ref: AuditRef; entry: AuditEntry }>> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `RUN#${runId}`, ':prefix': 'AUDITKEY#' },
        ConsistentRead: true,
      }),
    );
    const found: Array<{ ref: AuditRef; entry: AuditEntry }> = [];
    for (const item of result.Items ?? []) {
      const reservation = parseItem(AuditReservationItem, item, `${item.pk}/${item.sk}`);
      const ref = { pk: reservation.auditPk, sk: reservation.auditSk };
      const entry = await this.get(ref);
      if (entry) found.push({ ref, entry: parseItem(AuditItem, entry, `${ref.pk}/${ref.sk}`) });
    }
    return found;
  }

  async completeAudit(ref: AuditRef, result: AuditResult, detail: string): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: ref,
          UpdateExpression: 'SET #result = :result, detail = :detail',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#result': 'result' },
          ExpressionAttributeValues: { ':result': result, ':detail': detail },
        }),
      )
      .catch((error: unknown) => {
        if (isConditionFailure(error)) throw new Error(`Audit entry ${ref.pk}/${ref.sk} does not exist`);
        throw error;
      });
  }

  async listAudit(filter: {
    since: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<AuditEntry>> {
    const limit = clampLimit(filter.limit);
    const after = decodeCursor(filter.cursor);
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: GSI.name,
        KeyConditionExpression: after
          ? 'gsi1pk = :pk AND gsi1sk > :after'
          : 'gsi1pk = :pk AND gsi1sk >= :since',
        ExpressionAttributeValues: after
          ? { ':pk': AUDIT_INDEX, ':after': after }
          : { ':pk': AUDIT_INDEX, ':since': filter.since },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    const items = (result.Items ?? []).map((item) => parseItem(AuditItem, item, `${item.pk}/${item.sk}`));
    const last = result.Items?.at(-1);
    return { items, nextCursor: result.LastEvaluatedKey && last ? encodeCursor(String(last.gsi1sk)) : null };
  }

  // --- approvals ----------------------------------------------------------------------------

  async putApproval(approval: ApprovalRecord, taskToken: string): Promise<ApprovalRecord> {
    const created = await this.putIfAbsent({
      ...Keys.approval(approval.id),
      ...Keys.approvalStatus(approval.status, approval.createdAt, approval.id),
      ...approval,
      taskToken,
    });
    if (created) return approval;
    const existing = await this.getApproval(approval.id);
    if (!existing) throw new Error(`Approval ${approval.id} vanished while being created`);
    if (existing.status !== 'pending') return existing;
    // Still open: the workflow waits again (a re-run) under a new token.
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: Keys.approval(approval.id),
          UpdateExpression: 'SET taskToken = :token',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':token': taskToken, ':pending': 'pending' },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error; // decided in between: the caller replays it
      });
    return (await this.getApproval(approval.id)) ?? existing;
  }

  async getApproval(id: string): Promise<ApprovalRecord | null> {
    const item = await this.get(Keys.approval(id));
    return item ? this.toApproval(parseItem(ApprovalItem, item, `APPROVAL#${id}`)) : null;
  }

  async approvalTaskToken(id: string): Promise<string | null> {
    const item = await this.get(Keys.approval(id));
    return item ? parseItem(ApprovalItem, item, `APPROVAL#${id}`).taskToken : null;
  }

  async decideApproval(
    id: string,
    decision: { status: 'approved' | 'rejected' | 'expired'; by: string; at: string; comment: string | null },
  ): Promise<ApprovalRecord> {
    const current = await this.get(Keys.approval(id));
    if (!current) throw new ApprovalNotPendingError(`Approval ${id} does not exist`);
    const approval = parseItem(ApprovalItem, current, `APPROVAL#${id}`);
    // Withdrawing (`expired`) is allowed past the expiry; a decision is not.
    const unexpired = decision.status === 'expired' ? '' : ' AND expiresAt > :now';
    try {
      const result = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: Keys.approval(id),
          UpdateExpression:
            'SET #status = :status, decidedBy = :by, decidedAt = :at, #comment = :comment, gsi1pk = :gpk, gsi1sk = :gsk',
          ConditionExpression: `#status = :pending${unexpired}`,
          ExpressionAttributeNames: { '#status': 'status', '#comment': 'comment' },
          ExpressionAttributeValues: {
            ':status': decision.status,
            ':by': decision.by,
            ':at': decision.at,
            ':comment': decision.comment,
            ':pending': 'pending',
            ...(unexpired ? { ':now': this.now().toISOString() } : {}),
            ':gpk': Keys.approvalStatus(decision.status, approval.createdAt, id).gsi1pk,
            ':gsk': Keys.approvalStatus(decision.status, approval.createdAt, id).gsi1sk,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return this.toApproval(parseItem(ApprovalItem, result.Attributes, `APPROVAL#${id}`));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const now = await this.getApproval(id);
      if (now?.status === 'expired' && now.decidedBy === null) {
        throw new ApprovalNotPendingError(
          `Approval ${id} expired at ${now.expiresAt}; nobody can decide it any more`,
        );
      }
      throw new ApprovalNotPendingError(
        `Approval ${id} was already ${now?.status ?? 'removed'}${now?.decidedBy ? ` by ${now.decidedBy}` : ''}${now?.decidedAt ? ` at ${now.decidedAt}` : ''}`,
      );
    }
  }

  async listApprovals(filter: {
    status?: ApprovalStatus;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<ApprovalRecord>> {
    const limit = clampLimit(filter.limit);
    const statuses: ApprovalStatus[] = filter.status
      ? filter.status === 'expired'
        ? ['expired', 'pending'] // pending items past their expiry are expired (no TTL locally)
        : [filter.status]
      : ['pending', 'approved', 'rejected', 'expired'];
    const wanted = (a: ApprovalRecord) => !filter.status || a.status === filter.status;
    const items: ApprovalRecord[] = [];
    let before = decodeCursor(filter.cursor);
    for (;;) {
      const page = await this.mergeStatusPartitions(
        statuses.map((s) => `APPROVALSTATUS#${s}`),
        before,
        limit,
      );
      for (const item of page.items) {
        const approval = this.toApproval(parseItem(ApprovalItem, item, String(item.pk)));
        if (wanted(approval)) items.push(approval);
        if (items.length === limit) return { items, nextCursor: encodeCursor(String(item.gsi1sk)) };
      }
      if (!page.nextCursor) return { items, nextCursor: null };
      before = decodeCursor(page.nextCursor);
    }
  }

  // --- plumbing -----------------------------------------------------------------------------

  private toApproval(item: ApprovalItem): ApprovalRecord {
    const { taskToken: _token, ...approval } = item;
    const expired = approval.status === 'pending' && approval.expiresAt <= this.now().toISOString();
    return expired ? { ...approval, status: 'expired' } : approval;
  }

  private async reservedRef(reservation: { pk: string; sk: string }): Promise<AuditRef> {
    const item = parseItem(
      AuditReservationItem,
      await this.get(reservation),
      `${reservation.pk}/${reservation.sk}`,
    );
    return { pk: item.auditPk, sk: item.auditSk };
  }

  private async get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | null> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return result.Item ?? null;
  }

  /** Conditional put; false when an item with that key already exists. */
  private async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async queryDesc(
    key: { pk: string; skPrefix: string; before: string | null },
    limit: number,
  ): Promise<{ items: Array<Record<string, unknown>>; more: boolean }> {
    // begins_with keeps the query inside the prefix (a person's partition also holds PROFILE and
    // EVENT# items); the cursor resumes after the last item returned.
    const input: QueryCommandInput = {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': key.pk, ':prefix': key.skPrefix },
      ExclusiveStartKey: key.before ? { pk: key.pk, sk: key.before } : undefined,
      ScanIndexForward: false,
      Limit: limit,
    };
    const result = await this.db.send(new QueryCommand(input));
    return { items: result.Items ?? [], more: result.LastEvaluatedKey !== undefined };
  }

  /**
   * Newest first across several GSI partitions (e.g. one per status): each partition is queried
   * below the cursor's sort value, the results merged, the first `limit` kept. The cursor is the
   * last returned sort value, so it works for one partition or many.
   */
  private async mergeStatusPartitions(
    partitions: string[],
    before: string | null,
    limit: number,
  ): Promise<{ items: Array<Record<string, unknown>>; nextCursor: string | null }> {
    const pages = await Promise.all(
      partitions.map((partition) =>
        this.db.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: GSI.name,
            KeyConditionExpression: before ? 'gsi1pk = :pk AND gsi1sk < :before' : 'gsi1pk = :pk',
            ExpressionAttributeValues: before
              ? { ':pk': partition, ':before': before }
              : { ':pk': partition },
            ScanIndexForward: false,
            Limit: limit + 1,
          }),
        ),
      ),
    );
    const all = pages
      .flatMap((p) => p.Items ?? [])
      .sort((a, b) =>
        String(a.gsi1sk) < String(b.gsi1sk) ? 1 : String(a.gsi1sk) > String(b.gsi1sk) ? -1 : 0,
      );
    const more = all.length > limit || pages.some((p) => p.LastEvaluatedKey !== undefined);
    const items = all.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encodeCursor(String(last.gsi1sk)) : null };
  }
}

function toRun(item: RunItem): RunRecord {
  const { stepOrder, ...run } = item;
  const steps = (stepOrder ?? [])
    .map((name) => item.steps[name])
    .filter((s) => s !== undefined)
    .map(({ order: _order, ...step }) => step);
  return { ...run, steps };
}

function auditIndex(entry: AuditEntry): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: AUDIT_INDEX, gsi1sk: `${entry.at}#${entry.id}` };
}

/** DynamoDB TTL wants epoch seconds. */
function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

function clampLimit(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? 50, 1), 1000);
}

function encodeCursor(sortValue: string): string {
  return Buffer.from(JSON.stringify({ v: sortValue })).toString('base64url');
}

function decodeCursor(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown };
    if (typeof parsed.v === 'string') return parsed.v;
  } catch {
    // fall through
  }
  throw new Error('The page cursor is not one this API issued; start again without it');
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
