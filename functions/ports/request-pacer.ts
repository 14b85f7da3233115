/**
 * Paces outbound calls under a provider's rate limits. One pacer is shared by every caller of a
 * key/token (in one process in memory; across Lambdas through the record store), so concurrent
 * workflow runs together stay under the limit instead of each discovering it through 429s.
 */
export interface RateLimit {
  /** Stable bucket name, e.g. `trello:key:<hash>`; never the secret itself. */
  name: string;
  /** Requests allowed per window. */
  max: number;
  windowMs: number;
}

/**
 * Called when the response arrived. A provider counts a request when it arrives, which is some
 * time between sending and the response; counting it until the response keeps the pacer's
 * windows at least as full as the provider's, whatever the latency.
 */
export type ReleaseSlot = () => void;

/**
 * What a caller may wait for a slot. Without a deadline a caller waits as long as the limits make
 * it (a step must not: DESIGN.md "Properties", no step waits past its Task timeout).
 */
export interface TakeOptions {
  /** Epoch ms; the request must be able to go by then, else take() rejects with SlotUnavailableError. */
  deadline?: number;
  /** An access cut: served before non-urgent requests under contention. @default false */
  urgent?: boolean;
  /**
   * With `urgent`: the request continues a cut already under way (its earlier calls went out in
   * this invocation). Under contention it goes before urgent requests that would start a cut, so
   * cuts once started finish, instead of every try spending its time on a first call and starting
   * over. @default false
   */
  continues?: boolean;
}

/** The pacer cannot give a slot by the caller's deadline; nothing was booked. */
export class SlotUnavailableError extends Error {
  constructor(
    message: string,
    /** Epoch ms of the earliest slot the pacer could have given, when it knows. */
    readonly earliestAt?: number,
  ) {
    super(message);
    this.name = 'SlotUnavailableError';
  }
}

export interface RequestPacer {
  /**
   * Resolves when one more request fits under every limit given, and counts it against each.
   * Rejects with SlotUnavailableError, holding nothing, as soon as it knows the request cannot go
   * by `options.deadline`.
   */
  take(limits: readonly RateLimit[], options?: TakeOptions): Promise<ReleaseSlot>;
  /** Holds every later `take` on this bucket until the given time (after the provider said 429). */
  pause(bucket: string, untilEpochMs: number): Promise<void>;
  /**
   * A turn in the queue of work the bucket refused: the epoch ms at which the caller should come
   * back, `slots` slots (`windowMs ÷ max` each) after the turn handed out before it, never before
   * `notBefore`. Books no slot: it spreads the refused callers' returns at the rate the bucket can
   * serve them, so a long queue (a layoff's IdP cuts) comes back once each instead of all at once
   * and again and again.
   */
  nextTurn(limit: RateLimit, slots: number, notBefore: number): Promise<number>;
}
