/**
 * Idle-seat sweeps (DESIGN.md "Records": `SWEEP#<id>` / `SWEEP` and `MEMBER#<memberId>`). A
 * member's row is created once by the listing and then only moved between states by conditional
 * writes, so a listing that runs again never undoes a drop or a reclaim.
 */
import {
  KeepAsk as KeepAskItem,
  SweepRecord as SweepItem,
  SweepMember as SweepMemberItem,
} from '../../contracts/records/sweeps.ts';
import type { Page } from '../../ports/records/page.ts';
import type { KeepAsk, SweepMember, SweepRecord, Sweeps } from '../../ports/records/sweeps.ts';
import {
  addRowsOnce,
  createHead,
  getItem,
  getRows,
  listRows,
  setRowState,
  updateFields,
} from './batch-rows.ts';
import { Keys } from './keys.ts';
import { parseItem } from './record-schemas.ts';
import type { RecordTable } from './record-table.ts';

export class SweepRecords implements Sweeps {
  constructor(private readonly table: RecordTable) {}

  async createSweep(sweep: SweepRecord): Promise<{ created: boolean; sweep: SweepRecord }> {
    const { created, stored } = await createHead(
      this.table,
      Keys.sweep(sweep.sweepId),
      SweepItem,
      sweep,
      `Sweep ${sweep.sweepId}`,
    );
    return { created, sweep: stored };
  }

  getSweep(sweepId: string): Promise<SweepRecord | null> {
    return getItem(this.table, Keys.sweep(sweepId), SweepItem);
  }

  updateSweep(sweepId: string, change: Partial<SweepRecord>): Promise<SweepRecord> {
    return updateFields(this.table, Keys.sweep(sweepId), SweepItem, change, `Sweep ${sweepId}`);
  }

  /** Rows already present are left as they are, so a listing page that runs again never undoes a drop or a reclaim. */
  addSweepMembers(sweepId: string, members: SweepMember[]): Promise<void> {
    return addRowsOnce(
      this.table,
      members.map((row) => ({ key: Keys.sweepMember(sweepId, row.memberId), row })),
      SweepMemberItem,
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
    const rows = await getRows(
      this.table,
      memberIds.map((id) => Keys.sweepMember(sweepId, id)),
      SweepMemberItem,
    );
    return new Map(rows.map((member) => [member.memberId, member]));
  }

  setSweepMemberState(
    sweepId: string,
    memberId: string,
    change: { state: SweepMember['state']; reason: string },
    from: readonly SweepMember['state'][],
  ): Promise<boolean> {
    return setRowState(
      this.table,
      Keys.sweepMember(sweepId, memberId),
      { state: change.state, field: 'reason', text: change.reason },
      from,
    );
  }

  listSweepMembers(
    sweepId: string,
    filter: { state?: SweepMember['state']; limit?: number; cursor?: string | null },
  ): Promise<Page<SweepMember>> {
    return listRows(
      this.table,
      {
        listing: `sweep-members:${sweepId}`,
        pk: Keys.sweep(sweepId).pk,
        prefix: 'MEMBER#',
        state: filter.state,
      },
      filter,
      SweepMemberItem,
    );
  }
}
