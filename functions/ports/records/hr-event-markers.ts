/**
 * HR events' de-duplication markers (DESIGN.md "Records": `HREVENT#<eventId>`): which delivery of
 * an event publishes it, each marker forgotten at its own `expiresAt`.
 */

/** What a delivery asks of the HR event's de-duplication marker. */
export interface HrEventClaimRequest {
  /** SHA-256 (hex) of the canonical event body (core/ingest/hr-event-hash.ts). */
  bodyHash: string;
  /** When the marker is forgotten (ISO instant). */
  expiresAt: string;
  /** How long a claim stays with its delivery before another delivery may take it over. */
  leaseSeconds: number;
}

/**
 * What the marker said to one delivery of an HR event:
 * - `claimed`: this delivery holds the claim (first seen, or it took over a claim whose lease ran
 *   out: `takenOver`) and must publish it; `claimedAt` identifies the claim for a release;
 * - `in-progress`: another delivery holds the claim and its lease runs until `leaseUntil`;
 * - `published`: on the bus already (or answered for good, e.g. stale);
 * - `conflict`: the id was first seen with another body (`keptHash`), which is kept;
 *   `firstReport` is true for the first delivery of this other body, so it is reported once.
 */
export type HrEventClaim =
  | { state: 'claimed'; takenOver: boolean; claimedAt: string }
  | { state: 'in-progress'; leaseUntil: string }
  | { state: 'published' }
  | { state: 'conflict'; keptHash: string; firstReport: boolean };

export interface HrEventMarkers {
  /**
   * Claims an HR event id for ingestion: one conditional write decides which delivery publishes
   * it (de-duplication marker with the body's hash, a lease and its own expiry; see HrEventClaim).
   */
  claimHrEvent(eventId: string, request: HrEventClaimRequest): Promise<HrEventClaim>;
  markHrEventPublished(eventId: string): Promise<void>;
  /** Ends this delivery's lease at once (it failed before publishing), so a redelivery may take over. */
  releaseHrEvent(eventId: string, claimedAt: string): Promise<void>;
}
