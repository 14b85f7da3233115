/**
 * People and their HR events: the profile under optimistic concurrency (every write names the
 * version it read), the person's event history, and the people search (person-search-index.ts).
 * The HR events' de-duplication markers are in hr-event-marker-records.ts.
 */
import { PersonProfile } from '../../contracts/records/people.ts';
import { ConcurrentUpdateError } from '../../core/errors.ts';
import type { AppliedEvent, People, PersonEvent } from '../../ports/records/people.ts';
import { Keys, PEOPLE_DIRECTORY_PARTITION, RECORD_TABLE_KEYS } from './keys.ts';
import { decodeCursor, encodeCursor, pageSize } from './page-cursor.ts';
import {
  matchesSearch,
  normalizeSearchText,
  searchIndexKey,
  searchPartition,
  searchTermsOf,
} from './person-search-index.ts';
import { PersonEventItem, parseItem } from './record-schemas.ts';
import { keyOf, type RecordTable, take } from './record-table.ts';

const PEOPLE_LISTING = 'people';

/** Index items read per result wanted: one person can match by several terms (email and name). */
const INDEX_ITEMS_PER_RESULT = 4;

export class PersonRecords implements People {
  constructor(private readonly table: RecordTable) {}

  async getProfile(employeeId: string): Promise<PersonProfile | null> {
    const key = Keys.profile(employeeId);
    const item = await this.table.get(key);
    return item === null ? null : parseItem(PersonProfile, item, key);
  }

  async putProfile(
    profile: Omit<PersonProfile, 'version'>,
    expectedVersion: number | null,
  ): Promise<PersonProfile> {
    const key = Keys.profile(profile.employeeId);
    // Parsed before it is written, so a malformed profile is refused rather than stored.
    const stored = parseItem(PersonProfile, { ...profile, version: (expectedVersion ?? 0) + 1 }, key);
    const written = await this.table.putIf(
      { ...key, ...Keys.peopleDirectory(profile.employeeId), ...stored },
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
    // After the profile too, for the same reason; the same items every time, so written in
    // parallel and unconditionally (single puts: steps that write profiles have no batch write).
    await Promise.all(
      searchTermsOf(stored).map((term) =>
        this.table.put({ ...searchIndexKey(term, stored.employeeId), employeeId: stored.employeeId }),
      ),
    );
    return stored;
  }

  /**
   * People whose email, employee id, full name or a later word of their name starts with `text`
   * (case and accents ignored): one Query of one index partition and one batched read of the
   * profiles. An exact employee id is also read directly, so a profile written before the index
   * existed is still found by its id.
   */
  async searchPeople(text: string, limit: number): Promise<PersonProfile[]> {
    const query = normalizeSearchText(text);
    if (query === '') return [];
    const index = this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :query)',
      ExpressionAttributeValues: { ':pk': searchPartition(query), ':query': query },
      Limit: limit * INDEX_ITEMS_PER_RESULT,
    });
    const [entries, exact] = await Promise.all([
      take(index, limit * INDEX_ITEMS_PER_RESULT),
      this.getProfile(text.trim()),
    ]);
    const found = new Set<string>(exact ? [exact.employeeId] : []);
    for (const entry of entries) if (typeof entry.employeeId === 'string') found.add(entry.employeeId);
    const profiles = await this.getProfiles([...found]);
    if (exact) profiles.set(exact.employeeId, exact);
    const isExact = (p: PersonProfile) =>
      p.employeeId === text.trim() || normalizeSearchText(p.email) === query;
    // Index order is alphabetical by term; exact matches (the id or email typed in full) go first.
    return [...found]
      .map((id) => profiles.get(id))
      .filter((p): p is PersonProfile => p !== undefined && (p === exact || matchesSearch(p, query)))
      .sort((a, b) => Number(isExact(b)) - Number(isExact(a)))
      .slice(0, limit);
  }

  /** Many profiles in batched reads (the names next to a page of runs or audit entries). */
  async getProfiles(employeeIds: readonly string[]): Promise<Map<string, PersonProfile>> {
    const items = await this.table.batchGet([...new Set(employeeIds)].map((id) => Keys.profile(id)));
    const profiles = new Map<string, PersonProfile>();
    for (const item of items) {
      const profile = parseItem(PersonProfile, item, keyOf(item));
      profiles.set(profile.employeeId, profile);
    }
    return profiles;
  }

  /**
   * Every person in employee-id order, a page at a time, from the people directory (gsi1, whose
   * items are the profiles themselves): one Query per page, never a Scan. The index is eventually
   * consistent: a profile written a moment ago may show on the next listing.
   */
  async listPeople(filter: {
    limit?: number;
    cursor?: string | null;
  }): Promise<{ items: PersonProfile[]; nextCursor: string | null }> {
    const size = pageSize(filter.limit);
    const { gsi1 } = RECORD_TABLE_KEYS;
    const after = decodeCursor(PEOPLE_LISTING, filter.cursor);
    const items = await take(
      this.table.query({
        IndexName: gsi1.name,
        KeyConditionExpression: after === null ? '#gpk = :gpk' : '#gpk = :gpk AND #gsk > :after',
        ExpressionAttributeNames: {
          '#gpk': gsi1.partitionKey,
          ...(after === null ? {} : { '#gsk': gsi1.sortKey }),
        },
        ExpressionAttributeValues: {
          ':gpk': PEOPLE_DIRECTORY_PARTITION,
          ...(after === null ? {} : { ':after': after }),
        },
        Limit: size + 1,
      }),
      size + 1,
    );
    const people = items.slice(0, size).map((item) => parseItem(PersonProfile, item, keyOf(item)));
    const last = people.at(-1);
    return {
      items: people,
      nextCursor: items.length > size && last ? encodeCursor(PEOPLE_LISTING, last.employeeId) : null,
    };
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
      const profile = parseItem(PersonProfile, item, keyOf(item));
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
