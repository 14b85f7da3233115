/** Sweeps in memory: each sweep, its listed members (added once each) and its ask-first questions. */
import type { SweepMemberState } from '../../../functions/core/model/sweep-vocabulary.ts';
import type { Page } from '../../../functions/ports/records/page.ts';
import type { KeepAsk, SweepMember, SweepRecord, Sweeps } from '../../../functions/ports/records/sweeps.ts';
import { copy, pageOf } from './memory-pages.ts';
import { RowsOnce } from './rows-once.ts';

export class InMemorySweeps implements Sweeps {
  private readonly sweeps = new Map<string, SweepRecord>();
  private readonly members = new RowsOnce<SweepMember>();
  private readonly asks = new Map<string, KeepAsk>();

  async createSweep(sweep: SweepRecord): Promise<{ created: boolean; sweep: SweepRecord }> {
    const existing = this.sweeps.get(sweep.sweepId);
    if (existing) return { created: false, sweep: copy(existing) };
    this.sweeps.set(sweep.sweepId, copy(sweep));
    return { created: true, sweep: copy(sweep) };
  }

  async getSweep(sweepId: string): Promise<SweepRecord | null> {
    const sweep = this.sweeps.get(sweepId);
    return sweep === undefined ? null : copy(sweep);
  }

  async updateSweep(
    sweepId: string,
    change: Partial<Pick<SweepRecord, 'status' | 'finishedAt' | 'seatsBefore' | 'seatsAfter'>>,
  ): Promise<SweepRecord> {
    const sweep = this.sweeps.get(sweepId);
    if (sweep === undefined) throw new Error(`Sweep ${sweepId} does not exist`);
    for (const [field, value] of Object.entries(change))
      if (value !== undefined) Object.assign(sweep, { [field]: value });
    return copy(sweep);
  }

  async addSweepMembers(sweepId: string, members: SweepMember[]): Promise<void> {
    this.members.add(sweepId, members, (m) => m.memberId);
  }

  async recordKeepAsk(sweepId: string, ask: KeepAsk): Promise<boolean> {
    const key = `${sweepId}|${ask.memberId}`;
    if (this.asks.get(key)?.sentAt) return false;
    this.asks.set(key, copy(ask));
    return true;
  }

  async markKeepAskSent(sweepId: string, memberId: string, sentAt: string): Promise<void> {
    const ask = this.asks.get(`${sweepId}|${memberId}`);
    if (ask === undefined)
      throw new Error(`Sweep ${sweepId} never asked member ${memberId}; record the ask first`);
    ask.sentAt = sentAt;
  }

  async getKeepAsk(sweepId: string, memberId: string): Promise<KeepAsk | null> {
    const ask = this.asks.get(`${sweepId}|${memberId}`);
    return ask === undefined ? null : copy(ask);
  }

  async answerKeepAsk(sweepId: string, memberId: string, answeredAt: string): Promise<boolean> {
    const ask = this.asks.get(`${sweepId}|${memberId}`);
    if (ask === undefined || ask.answeredAt !== null) return false;
    ask.answeredAt = answeredAt;
    return true;
  }

  async getSweepMembers(sweepId: string, memberIds: readonly string[]): Promise<Map<string, SweepMember>> {
    return this.members.get(sweepId, memberIds);
  }

  async setSweepMemberState(
    sweepId: string,
    memberId: string,
    change: { state: SweepMemberState; reason: string },
    from: readonly SweepMemberState[],
  ): Promise<boolean> {
    return this.members.move(sweepId, memberId, from, (m) => Object.assign(m, change));
  }

  async listSweepMembers(
    sweepId: string,
    filter: { state?: SweepMemberState; limit?: number; cursor?: string | null },
  ): Promise<Page<SweepMember>> {
    const rows = this.members
      .list(sweepId)
      .filter((m) => filter.state === undefined || m.state === filter.state);
    return pageOf(`sweep-members:${sweepId}:${filter.state ?? 'all'}`, rows, (m) => m.memberId, filter);
  }
}
