/**
 * Idle-seat sweeps (DESIGN.md "Records": `SWEEP#<id>` / `SWEEP` and `MEMBER#<memberId>`). A
 * member's row is created once by the listing and then only moved between states by conditional
 * writes, so a listing that runs again never undoes a drop or a reclaim.
 */
import * as z from 'zod';
import {
  type KeepAsk,
  type Page,
  type SweepMember,
  SweepMemberStates,
  SweepModes,
  type SweepRecord,
  SweepStatuses,
} from '../../ports/record-store.ts';
import { Keys } from './keys.ts';
import { decodeCursor, encodeCursor, pageSize } from './page-cursor.ts';
import { parseItem } from './record-schemas.ts';
import { keyOf, type RecordTable } from './record-table.ts';

const SweepItem = z.object({
  sweepId: z.string(),
  mode: z.enum(SweepModes),
  dryRun: z.boolean(),
  inactiveSince: z.string(),
  requestedBy: z.string(),
  status: z.enum(SweepStatuses),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  seatsBefore: z.number().nullable(),
  seatsAfter: z.number().nullable(),
});
const SweepMemberItem = z.object({
  memberId: z.string(),
  email: z.string().nullable(),
  fullName: z.string(),
  lastActiveAt: z.string().nullable(),
  state: z.enum(SweepMemberStates),
  reason: z.string(),
});

const KeepAskItem = z.object({
  memberId: z.string(),
  email: z.string(),
  tokenHash: z.string(),
  answerBy: z.string(),
  sentAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
});

export class SweepRecords {
  constructor(private readonly table: RecordTable) {}

  async createSweep(sweep: SweepRecord): Promise<{ created: boolean; sweep: SweepRecord }> {
    const key = Keys.sweep(sweep.sweepId);
    const item = parseItem(SweepItem, sweep, key);
    if (await this.table.putIfAbsent({ ...key, ...item })) return { created: true, sweep: item };
    const stored = await this.getSweep(sweep.sweepId);
    if (stored === null) throw new Error(`Sweep ${sweep.sweepId} vanished while it was being created`);
    return { created: false, sweep: stored };
  }

  async getSweep(sweepId: string): Promise<SweepRecord | null> {
    const key = Keys.sweep(sweepId);
    const item = await this.table.get(key);
    return item === null ? null : parseItem(SweepItem, item, key);
  }

  async updateSweep(sweepId: string, change: Partial<SweepRecord>): Promise<SweepRecord> {
    const key = Keys.sweep(sweepId);
    const entries = Object.entries(change).filter(([, v]) => v !== undefined);
    const updated = await this.table.updateIf(key, {
      UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
    });
    if (updated === null) throw new Error(`Sweep ${sweepId} does not exist`);
    return parseItem(SweepItem, updated, key);
  }

  /**
   * Rows already present are left as they are, so a listing page that runs again never undoes a
   * drop or a reclaim. Read-then-batch-write rather than a conditional put per row (100 writes a
   * page): nothing else creates member rows, and their state changes only after the listing ends
   * (drops wait for the approval step, reclaims for the drops), so no write can slip in between.
   */
  async addSweepMembers(sweepId: string, members: SweepMember[]): Promise<void> {
    const fresh = new Map(members.map((m) => [m.memberId, m]));
    for (const id of (await this.getSweepMembers(sweepId, [...fresh.keys()])).keys()) fresh.delete(id);
    await this.table.batchPut(
      [...fresh.values()].map((member) => {
        const key = Keys.sweepMember(sweepId, member.memberId);
        return { ...key, ...parseItem(SweepMemberItem, member, key) };
      }),
    );
  }

  async recordKeepAsk(sweepId: string, ask: KeepAsk): Promise<boolean> {
    const key = Keys.keepAsk(sweepId, ask.memberId);
    return this.table.putIf(
      { ...key, ...parseItem(KeepAskItem, ask, key) },
      {
        ConditionExpression: 'attribute_not_exists(pk) OR sentAt = :unsent',
        ExpressionAttributeValues: { ':unsent': null },
      },
    );
  }

  async markKeepAskSent(sweepId: string, memberId: string, sentAt: string): Promise<void> {
    const updated = await this.table.updateIf(Keys.keepAsk(sweepId, memberId), {
      UpdateExpression: 'SET sentAt = :sentAt',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':sentAt': sentAt },
    });
    if (updated === null)
      throw new Error(`Sweep ${sweepId} never asked member ${memberId}; record the ask first`);
  }

  async getKeepAsk(sweepId: string, memberId: string): Promise<KeepAsk | null> {
    const key = Keys.keepAsk(sweepId, memberId);
    const item = await this.table.get(key);
    return item === null ? null : parseItem(KeepAskItem, item, key);
  }

  async answerKeepAsk(sweepId: string, memberId: string, answeredAt: string): Promise<boolean> {
    const updated = await this.table.updateIf(Keys.keepAsk(sweepId, memberId), {
      UpdateExpression: 'SET answeredAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND answeredAt = :none',
      ExpressionAttributeValues: { ':at': answeredAt, ':none': null },
    });
    return updated !== null;
  }

  async getSweepMembers(sweepId: string, memberIds: readonly string[]): Promise<Map<string, SweepMember>> {
    const items = await this.table.batchGet(
      [...new Set(memberIds)].map((id) => Keys.sweepMember(sweepId, id)),
    );
    return new Map(
      items.map((item) => {
        const member = parseItem(SweepMemberItem, item, keyOf(item));
        return [member.memberId, member];
      }),
    );
  }

  async setSweepMemberState(
    sweepId: string,
    memberId: string,
    change: { state: SweepMember['state']; reason: string },
    from: readonly SweepMember['state'][],
  ): Promise<boolean> {
    const updated = await this.table.updateIf(Keys.sweepMember(sweepId, memberId), {
      UpdateExpression: 'SET #state = :state, #reason = :reason',
      ConditionExpression: `#state IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
      ExpressionAttributeNames: { '#state': 'state', '#reason': 'reason' },
      ExpressionAttributeValues: {
        ':state': change.state,
        ':reason': change.reason,
        ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
      },
    });
    return updated !== null;
  }

  async listSweepMembers(
    sweepId: string,
    filter: { state?: SweepMember['state']; limit?: number; cursor?: string | null },
  ): Promise<Page<SweepMember>> {
    const listing = `sweep-members:${sweepId}:${filter.state ?? 'all'}`;
    const after = decodeCursor(listing, filter.cursor, (a) => a.startsWith('MEMBER#'));
    const limit = pageSize(filter.limit);
    const items = this.table.query({
      KeyConditionExpression: after ? 'pk = :pk AND sk > :after' : 'pk = :pk AND begins_with(sk, :members)',
      ...(filter.state && {
        FilterExpression: '#state = :state',
        ExpressionAttributeNames: { '#state': 'state' },
      }),
      ExpressionAttributeValues: {
        ':pk': Keys.sweep(sweepId).pk,
        ...(after ? { ':after': after } : { ':members': 'MEMBER#' }),
        ...(filter.state && { ':state': filter.state }),
      },
    });
    const members: SweepMember[] = [];
    let lastSk: string | null = null;
    let more = false;
    for await (const item of items) {
      if (members.length === limit) {
        more = true;
        break;
      }
      const key = keyOf(item);
      if (!key.sk.startsWith('MEMBER#')) continue;
      members.push(parseItem(SweepMemberItem, item, key));
      lastSk = key.sk;
    }
    return { items: members, nextCursor: more && lastSk ? encodeCursor(listing, lastSk) : null };
  }
}
