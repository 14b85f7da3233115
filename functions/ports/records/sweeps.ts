/** Idle-seat sweeps (DESIGN.md "Records": `SWEEP#<id>`), the members each listed, and ask-first sweeps' questions. */
import type { KeepAsk, SweepMember, SweepRecord } from '../../contracts/records/sweeps.ts';
import type { SweepMemberState } from '../../core/model/sweep-vocabulary.ts';
import type { Page } from './page.ts';

// Shapes of records: each the z.infer of its schema in contracts/records/, their single source.
export type { KeepAsk, SweepMember, SweepRecord };

export interface Sweeps {
  /** Creates the sweep unless it exists; either way returns the stored one. */
  createSweep(sweep: SweepRecord): Promise<{ created: boolean; sweep: SweepRecord }>;
  getSweep(sweepId: string): Promise<SweepRecord | null>;
  updateSweep(
    sweepId: string,
    change: Partial<Pick<SweepRecord, 'status' | 'finishedAt' | 'seatsBefore' | 'seatsAfter'>>,
  ): Promise<SweepRecord>;
  /** Records what the listing found, once per member: a re-run never undoes a later state (dropped, reclaimed). */
  addSweepMembers(sweepId: string, members: SweepMember[]): Promise<void>;
  /** Records the question unless one was already sent (false then: nothing changed). */
  recordKeepAsk(sweepId: string, ask: KeepAsk): Promise<boolean>;
  markKeepAskSent(sweepId: string, memberId: string, sentAt: string): Promise<void>;
  getKeepAsk(sweepId: string, memberId: string): Promise<KeepAsk | null>;
  /** Records the answer once; false when it was already answered. */
  answerKeepAsk(sweepId: string, memberId: string, answeredAt: string): Promise<boolean>;
  /** The stored rows of these members (absent when the sweep never listed them). */
  getSweepMembers(sweepId: string, memberIds: readonly string[]): Promise<Map<string, SweepMember>>;
  /** Moves a member to `state` only from one of `from`; false when it was elsewhere (nothing changed). */
  setSweepMemberState(
    sweepId: string,
    memberId: string,
    change: { state: SweepMemberState; reason: string },
    from: readonly SweepMemberState[],
  ): Promise<boolean>;
  listSweepMembers(
    sweepId: string,
    filter: { state?: SweepMemberState; limit?: number; cursor?: string | null },
  ): Promise<Page<SweepMember>>;
}
