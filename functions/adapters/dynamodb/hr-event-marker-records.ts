/**
 * HR events' de-duplication markers (`HREVENT#<eventId>`): one conditional write decides which
 * delivery of an event publishes it. dynalite has no TTL, so a marker past its own `expiresAtIso`
 * counts as absent.
 */
import type {
  HrEventClaim,
  HrEventClaimRequest,
  HrEventMarkers,
} from '../../ports/records/hr-event-markers.ts';
import { canonicalInstant, type ItemKey, Keys } from './keys.ts';
import { HrEventItem, parseItem } from './record-schemas.ts';
import type { RecordTable } from './record-table.ts';

export class HrEventMarkerRecords implements HrEventMarkers {
  constructor(
    private readonly table: RecordTable,
    private readonly now: () => Date,
  ) {}

  /**
   * One conditional put decides which delivery claims a new event id; a delivery that finds the
   * marker compares body hashes (another body is a conflict), then respects a pending claim's
   * lease, and after the lease takes the claim over with a conditional update naming the
   * `claimedAt` it read, so exactly one of several late deliveries does.
   */
  async claimHrEvent(eventId: string, request: HrEventClaimRequest): Promise<HrEventClaim> {
    const key = Keys.hrEvent(eventId);
    const expiresAtIso = canonicalInstant(request.expiresAt, 'The HR event marker expiry');
    let seen: HrEventItem | null = null;
    // Looks again only when the marker changed under it: gone (TTL on AWS) or taken over by another.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const now = this.now();
      const claimedAt = now.toISOString();
      const leaseUntil = new Date(now.getTime() + request.leaseSeconds * 1000).toISOString();
      const item: HrEventItem = {
        eventId,
        status: 'pending',
        bodyHash: request.bodyHash,
        claimedAt,
        leaseUntil,
        expiresAtIso,
        expiresAt: Math.floor(Date.parse(expiresAtIso) / 1000),
      };
      // dynalite has no TTL (TOOLCHAIN.md §3.8): a marker past its own expiry counts as absent.
      const created = await this.table.putIf(
        { ...key, ...item },
        {
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAtIso <= :now',
          ExpressionAttributeValues: { ':now': claimedAt },
        },
      );
      if (created) return { state: 'claimed', takenOver: false, claimedAt };
      const existing = await this.table.get(key);
      if (existing === null) continue;
      seen = parseItem(HrEventItem, existing, key);
      if (seen.bodyHash !== undefined && seen.bodyHash !== request.bodyHash)
        return this.hrEventConflict(key, seen.bodyHash, request.bodyHash);
      if (seen.status === 'published') return { state: 'published' };
      if (seen.leaseUntil !== undefined && seen.leaseUntil > claimedAt)
        return { state: 'in-progress', leaseUntil: seen.leaseUntil };
      // The lease ran out (its delivery crashed or failed before publishing): take the claim over.
      const taken = await this.table.updateIf(key, {
        UpdateExpression: 'SET claimedAt = :claimedAt, leaseUntil = :leaseUntil, bodyHash = :hash',
        ConditionExpression:
          seen.claimedAt === undefined
            ? '#status = :pending AND attribute_not_exists(claimedAt)'
            : '#status = :pending AND claimedAt = :seen',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':claimedAt': claimedAt,
          ':leaseUntil': leaseUntil,
          ':hash': request.bodyHash,
          ':pending': 'pending',
          ...(seen.claimedAt === undefined ? {} : { ':seen': seen.claimedAt }),
        },
      });
      if (taken !== null) return { state: 'claimed', takenOver: true, claimedAt };
    }
    // Another delivery changed the marker at every look: it holds the claim now.
    return { state: 'in-progress', leaseUntil: seen?.leaseUntil ?? this.now().toISOString() };
  }

  /** Another body under a kept id: remembered by its hash, so each such body is reported once. */
  private async hrEventConflict(key: ItemKey, keptHash: string, bodyHash: string): Promise<HrEventClaim> {
    const noted = await this.table.updateIf(key, {
      UpdateExpression: 'ADD conflictHashes :hashes',
      ConditionExpression: 'attribute_exists(pk) AND NOT contains(conflictHashes, :hash)',
      ExpressionAttributeValues: { ':hashes': new Set([bodyHash]), ':hash': bodyHash },
    });
    return { state: 'conflict', keptHash, firstReport: noted !== null };
  }

  async markHrEventPublished(eventId: string): Promise<void> {
    const key = Keys.hrEvent(eventId);
    const updated = await this.table.updateIf(key, {
      UpdateExpression: 'SET #status = :published',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':published': 'published' },
    });
    if (updated === null)
      throw new Error(`HR event ${eventId} was never claimed; claim it before publishing`);
  }

  /** Ends the lease of the claim made at `claimedAt` (if still pending and still that claim). */
  async releaseHrEvent(eventId: string, claimedAt: string): Promise<void> {
    await this.table.updateIf(Keys.hrEvent(eventId), {
      UpdateExpression: 'SET leaseUntil = claimedAt',
      ConditionExpression: '#status = :pending AND claimedAt = :mine',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending', ':mine': claimedAt },
    });
  }
}
