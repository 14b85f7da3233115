/**
 * People's records: each person's profile (lifecycle, Trello member id, the run that owns them)
 * and their HR event history, keyed on the HR employee id (DESIGN.md "Records": `PERSON#<id>`).
 */
import type { AppliedEvent, PersonEvent, PersonProfile } from '../../contracts/records/people.ts';
import type { Page } from './page.ts';

// Shapes of records: each the z.infer of its schema in contracts/records/, their single source.
export type { AppliedEvent, PersonEvent, PersonProfile };

export interface People {
  getProfile(employeeId: string): Promise<PersonProfile | null>;
  /** Creates (expectedVersion null) or replaces the profile; throws ConcurrentUpdateError on a version mismatch. */
  putProfile(profile: Omit<PersonProfile, 'version'>, expectedVersion: number | null): Promise<PersonProfile>;
  /**
   * People whose email, employee id, full name or a later word of their name (a surname) starts
   * with `text`, case and accents ignored; the id or email typed in full first; at most `limit`.
   * Answered from an index the profile writes keep, never by reading every person.
   */
  searchPeople(text: string, limit: number): Promise<PersonProfile[]>;
  /**
   * Every person Lanyard has a record of, in employee-id order, a page at a time (with a run or
   * without), from an index the profile writes keep: never a read of the whole table.
   */
  listPeople(filter: { limit?: number; cursor?: string | null }): Promise<Page<PersonProfile>>;
  /** The profiles of these people, keyed by employee id (absent: Lanyard has no record of them). */
  getProfiles(employeeIds: readonly string[]): Promise<Map<string, PersonProfile>>;
  /** Adds an HR event to the person's history (idempotent by event id). */
  recordPersonEvent(employeeId: string, event: AppliedEvent & { detail: unknown }): Promise<void>;
  /** The person's HR event history in HR order (newest last), stale ones included and marked. */
  listPersonEvents(employeeId: string): Promise<PersonEvent[]>;
  /**
   * The people behind a page of Trello members, keyed by member id (kept in step with putProfile;
   * members with nobody are absent).
   */
  findPeopleByMemberIds(memberIds: readonly string[]): Promise<Map<string, PersonProfile>>;
}
