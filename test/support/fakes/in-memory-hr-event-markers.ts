/** HrEventMarkers in memory: the lease, the conflict reported once per body, the marker's own expiry. */
import type {
  HrEventClaim,
  HrEventClaimRequest,
  HrEventMarkers,
} from '../../../functions/ports/records/hr-event-markers.ts';

interface Marker {
  bodyHash: string;
  published: boolean;
  claimedAt: string;
  leaseUntil: string;
  expiresAt: string;
  conflicts: Set<string>;
}

export class InMemoryHrEventMarkers implements HrEventMarkers {
  private readonly markers = new Map<string, Marker>();

  constructor(private readonly now: () => Date) {}

  async claimHrEvent(eventId: string, request: HrEventClaimRequest): Promise<HrEventClaim> {
    const now = this.now();
    const claimedAt = now.toISOString();
    const leaseUntil = new Date(now.getTime() + request.leaseSeconds * 1000).toISOString();
    const marker = this.markers.get(eventId);
    if (marker === undefined || marker.expiresAt <= claimedAt) {
      this.markers.set(eventId, {
        bodyHash: request.bodyHash,
        published: false,
        claimedAt,
        leaseUntil,
        expiresAt: new Date(request.expiresAt).toISOString(),
        conflicts: new Set(),
      });
      return { state: 'claimed', takenOver: false, claimedAt };
    }
    if (marker.bodyHash !== request.bodyHash) {
      const firstReport = !marker.conflicts.has(request.bodyHash);
      marker.conflicts.add(request.bodyHash);
      return { state: 'conflict', keptHash: marker.bodyHash, firstReport };
    }
    if (marker.published) return { state: 'published' };
    if (marker.leaseUntil > claimedAt) return { state: 'in-progress', leaseUntil: marker.leaseUntil };
    Object.assign(marker, { claimedAt, leaseUntil });
    return { state: 'claimed', takenOver: true, claimedAt };
  }

  async markHrEventPublished(eventId: string): Promise<void> {
    const marker = this.markers.get(eventId);
    if (marker === undefined)
      throw new Error(`HR event ${eventId} was never claimed; claim it before publishing`);
    marker.published = true;
  }

  async releaseHrEvent(eventId: string, claimedAt: string): Promise<void> {
    const marker = this.markers.get(eventId);
    if (marker && !marker.published && marker.claimedAt === claimedAt) marker.leaseUntil = claimedAt;
  }
}
