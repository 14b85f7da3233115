/**
 * Randomness comes in through a port, as time does (clock.ts), so the core stays pure and a test
 * can fix what a run draws.
 */
export interface Randomness {
  /** A random UUID (version 4). */
  uuid(): string;
  /** `bytes` bytes from a cryptographically secure source, base64url-encoded: a secret (a keep link's). */
  secret(bytes: number): string;
}
