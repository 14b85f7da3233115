/** People in memory: profiles under optimistic concurrency, each person's HR events, search. */
import { ConcurrentUpdateError } from '../../../functions/core/errors.ts';
import type { Page } from '../../../functions/ports/records/page.ts';
import type {
  AppliedEvent,
  People,
  PersonEvent,
  PersonProfile,
} from '../../../functions/ports/records/people.ts';
import { copy, instant, pageOf } from './memory-pages.ts';

export class InMemoryPeople implements People {
  private readonly profiles = new Map<string, PersonProfile>();
  /** Each person's events by id, with the instant they sort by (HR order). */
  private readonly events = new Map<string, Map<string, { event: PersonEvent; order: string }>>();

  async getProfile(employeeId: string): Promise<PersonProfile | null> {
    const profile = this.profiles.get(employeeId);
    return profile === undefined ? null : copy(profile);
  }

  async putProfile(
    profile: Omit<PersonProfile, 'version'>,
    expectedVersion: number | null,
  ): Promise<PersonProfile> {
    const found = this.profiles.get(profile.employeeId)?.version ?? null;
    if (found !== expectedVersion) {
      const describe = (v: number | null) => (v === null ? 'no profile' : `version ${v}`);
      throw new ConcurrentUpdateError(
        `The profile of ${profile.employeeId} changed since it was read: expected ${describe(expectedVersion)}, found ${describe(found)}`,
      );
    }
    const stored = { ...copy(profile), version: (expectedVersion ?? 0) + 1 };
    this.profiles.set(profile.employeeId, stored);
    return copy(stored);
  }

  async searchPeople(text: string, limit: number): Promise<PersonProfile[]> {
    const query = normalized(text);
    if (query === '') return [];
    const isExact = (p: PersonProfile) => p.employeeId === text.trim() || normalized(p.email) === query;
    return [...this.profiles.values()]
      .filter((p) => isExact(p) || termsOf(p).some((term) => term.startsWith(query)))
      .sort((a, b) => Number(isExact(b)) - Number(isExact(a)) || a.employeeId.localeCompare(b.employeeId))
      .slice(0, limit)
      .map(copy);
  }

  async listPeople(filter: { limit?: number; cursor?: string | null }): Promise<Page<PersonProfile>> {
    const sorted = [...this.profiles.values()].sort((a, b) => compare(a.employeeId, b.employeeId));
    const page = pageOf('people', sorted, (p) => p.employeeId, filter);
    return { ...page, items: page.items.map(copy) };
  }

  async getProfiles(employeeIds: readonly string[]): Promise<Map<string, PersonProfile>> {
    const found = new Map<string, PersonProfile>();
    for (const id of employeeIds) {
      const profile = this.profiles.get(id);
      if (profile) found.set(id, copy(profile));
    }
    return found;
  }

  async recordPersonEvent(employeeId: string, event: AppliedEvent & { detail: unknown }): Promise<void> {
    const events = this.events.get(employeeId) ?? new Map();
    this.events.set(employeeId, events);
    if (events.has(event.id)) return;
    const { id, type, effectiveAt, occurredAt } = event;
    const stale = (event.detail as { stale?: unknown } | null)?.stale === true;
    events.set(id, {
      event: { id, type, effectiveAt, occurredAt, stale },
      order: instant(effectiveAt, 'effectiveAt'),
    });
  }

  async listPersonEvents(employeeId: string): Promise<PersonEvent[]> {
    return [...(this.events.get(employeeId)?.values() ?? [])]
      .sort((a, b) => compare(a.order, b.order) || compare(a.event.id, b.event.id))
      .map(({ event }) => copy(event));
  }

  async findPeopleByMemberIds(memberIds: readonly string[]): Promise<Map<string, PersonProfile>> {
    const wanted = new Set(memberIds);
    const found = new Map<string, PersonProfile>();
    for (const profile of this.profiles.values())
      if (profile.trelloMemberId !== null && wanted.has(profile.trelloMemberId))
        found.set(profile.trelloMemberId, copy(profile));
    return found;
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function normalized(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** What a person is found by: email, id, full name, and each later word of the name (a surname). */
function termsOf(person: PersonProfile): string[] {
  const name = normalized(person.fullName);
  return [normalized(person.email), normalized(person.employeeId), name, ...name.split(' ').slice(1)];
}
