/**
 * The one store every concern of the simulated Enterprise works on (lookups, seats, Workspaces,
 * boards, tokens, accounts): the indexed records, the clock and the id factory. A restore swaps
 * the whole index, so the concerns read `index` on every call and never keep it.
 */
import type { SimClock } from '../sim-clock.ts';
import { indexSnapshot, type StateIndex } from '../state-index.ts';
import type { StateSnapshot } from '../state-schema.ts';

export class StateStore {
  readonly clock: SimClock;
  #index: StateIndex;

  constructor(clock: SimClock, snapshot: StateSnapshot) {
    this.clock = clock;
    this.#index = indexSnapshot(snapshot);
  }

  get index(): StateIndex {
    return this.#index;
  }

  /**
   * Replaces the whole model (reseed, or a snapshot kept between runs). The store takes ownership
   * of the snapshot's objects: pass a fresh one (generateSeed, parseStateSnapshot, snapshot()).
   */
  restore(snapshot: StateSnapshot): void {
    this.#index = indexSnapshot(snapshot);
  }

  /** The model as JSON text; the same operations on the same seed give the same bytes. */
  snapshotJson(): string {
    const s = this.#index;
    const snapshot: StateSnapshot = {
      version: 1,
      meta: s.meta,
      idCounter: s.ids.counter,
      enterprise: s.enterprise,
      members: s.membersSorted,
      organizations: [...s.organizations.values()],
      boards: [...s.boards.values()],
      tokens: [...s.tokensByValue.values()],
      transfers: s.transfers,
    };
    return JSON.stringify(snapshot);
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  /** The next record id, derived from the sim clock (ids are ordered in time as Trello's are). */
  newId(): string {
    return this.#index.ids.next(this.clock.nowMs());
  }
}
