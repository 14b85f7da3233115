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

export interface RequestPacer {
  /** Resolves when one more request fits under every limit given, and counts it against each. */
  take(limits: readonly RateLimit[]): Promise<void>;
  /** Holds every later `take` on this bucket until the given time (after the provider said 429). */
  pause(bucket: string, untilEpochMs: number): Promise<void>;
}
