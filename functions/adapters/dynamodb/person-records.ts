/**
 * People and their HR events: the profile under optimistic concurrency (every write names the
 * version it read), the person's event history, and the ingestion de-duplication markers.
 */
import { ConcurrentUpdateError } from '../../core/errors.ts';
import type { AppliedEvent, HrEventClaim, PersonEvent, PersonProfile } from '../../ports/record-store.ts';
import { canonicalInstant, Keys } from './keys.ts';
import { HrEventItem, PersonEventItem, ProfileItem, parseItem } from './record-schemas.ts';
import { keyOf, type RecordTable } from './record-table.ts';

export class PersonRecords {
  constructor(
    private readonly table: RecordTable,
    private readonly now: () => Date,
  ) {}

  async claimHrEvent(eventId: string, expiresAt: string): Promise<HrEventClaim> {
    const key = Keys.hrEvent(eventId);
    const expires = canonicalInstant(expiresAt, 'The HR event marker expiry');
    const item: HrEventItem = {
      eventId,
      status: 'pending',
      expiresAtIso: expires,
      expiresAt: Math.floor(Date.parse(expires) / 1000),
    };
    // dynalite has no TTL (TOOLCHAIN.md §3.8): a marker past its own expiry counts as absent.
    const claimed = await this.table.putIf(
      { ...key, ...item },
      {
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAtIso <= :now',
        ExpressionAttributeValues: { ':now': this.now().toISOString() },
      },
    );
    if (claimed) return 'new';
    const existing = await this.table.get(key);
    // Gone between the two calls (TTL on AWS): an earlier delivery never reached the bus for sure.
    if (existing === null) return 'pending';
    return parseItem(HrEventItem, existing, key).status;
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

  async getProfile(employeeId: string): Promise<PersonProfile | null> {
    const key = Keys.profile(employeeId);
    const item = await this.table.get(key);
    return item === null ? null : parseItem(ProfileItem, item, key);
  }

  async putProfile(
    profile: Omit<PersonProfile, 'version'>,
    expectedVersion: number | null,
  ): Promise<PersonProfile> {
    const key = Keys.profile(profile.employeeId);
    // Parsed before it is written, so a malformed profile is refused rather than stored.
    const stored = parseItem(ProfileItem, { ...profile, version: (expectedVersion ?? 0) + 1 }, key);
    const written = await this.table.putIf(
      { ...key, ...stored },
      expectedVersion === null
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
          },
    );
    if (!written) {
      const found = (await this.getProfile(profile.employeeId))?.version ?? null;
      throw new ConcurrentUpdateError(
        `The profile of ${profile.employeeId} changed since it was read: expected ${describe(expectedVersion)}, found ${describe(found)}; read it again and retry`,
      );
    }
    // Written after the profile: a crash in between leaves no pointer, and the next write of
    // the profile (every run writes it) puts it; readers check it against the profile anyway.
    if (stored.trelloMemberId) {
      await this.table.put({ ...Keys.memberPerson(stored.trelloMemberId), employeeId: stored.employeeId });
    }
    return stored;
  }

  /** The people behind a page of Trello members: two batched reads (pointers, then profiles). */
  async findPeopleByMemberIds(memberIds: readonly string[]): Promise<Map<string, PersonProfile>> {
    const wanted = new Set(memberIds);
    const pointers = await this.table.batchGet([...wanted].map((id) => Keys.memberPerson(id)));
    const employeeIds = new Set<string>();
    for (const pointer of pointers) {
      if (typeof pointer.employeeId === 'string') employeeIds.add(pointer.employeeId);
    }
    const profiles = await this.table.batchGet([...employeeIds].map((id) => Keys.profile(id)));
    const people = new Map<string, PersonProfile>();
    for (const item of profiles) {
      const profile = parseItem(ProfileItem, item, keyOf(item));
      // The pointer may be stale (the person moved to another account): the profile decides.
      if (profile.trelloMemberId !== null && wanted.has(profile.trelloMemberId))
        people.set(profile.trelloMemberId, profile);
    }
    return people;
  }

  /** Idempotent by event id: the key holds the id, and a second delivery changes nothing. */
  async recordPersonEvent(employeeId: string, event: AppliedEvent & { detail: unknown }): Promise<void> {
    await this.table.putIfAbsent({ ...Keys.personEvent(employeeId, event.effectiveAt, event.id), ...event });
  }

  async listPersonEvents(employeeId: string): Promise<PersonEvent[]> {
    const events: PersonEvent[] = [];
    const items = this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
      ExpressionAttributeValues: { ':pk': Keys.profile(employeeId).pk, ':events': 'EVENT#' },
    });
    for await (const item of items) {
      const event = parseItem(PersonEventItem, item, keyOf(item));
      events.push({
        id: event.id,
        type: event.type,
        effectiveAt: event.effectiveAt,
        occurredAt: event.occurredAt,
        stale: event.detail?.stale === true,
      });
    }
    return events;
  }
}

function describe(version: number | null): string {
  return version === null ? 'no profile' : `version ${version}`;
}
