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

export interface RequestPacer {
  /** Resolves when one more request fits under every limit given, and counts it against each. */
  take(limits: readonly RateLimit[]): Promise<ReleaseSlot>;
  /** Holds every later `take` on this bucket until the given time (after the provider said 429). */
  pause(bucket: string, untilEpochMs: number): Promise<void>;
}
