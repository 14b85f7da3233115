/**
 * People's records: each person's profile (lifecycle, Trello member id, the run that owns them)
 * and their HR event history, keyed on the HR employee id (DESIGN.md "Records": `PERSON#<id>`).
 */
import type { LifecycleState } from '../../core/model/lifecycle-states.ts';
import type { Page } from './page.ts';

/** The HR event last applied to a person; later events are compared against it (HR order). */
export interface AppliedEvent {
  id: string;
  type: string;
  effectiveAt: string;
  occurredAt: string;
}

/** One HR event as recorded in a person's history; `stale` ones were refused, never applied. */
export interface PersonEvent extends AppliedEvent {
  stale: boolean;
}

export interface PersonProfile {
  employeeId: string;
  email: string;
  fullName: string;
  department: string | null;
  managerEmail: string | null;
  trelloMemberId: string | null;
  lifecycle: LifecycleState;
  onLeave: boolean;
  lastEvent: AppliedEvent | null;
  /**
   * The hire, rehire or termination last applied: lifecycle events are ordered among themselves,
   * so a newer update or leave applied first does not make an older termination stale
   * (core/event-ordering.ts). Absent on records written before it was kept.
   */
  lastLifecycleEvent?: AppliedEvent | null;
  /** The leave start or end last applied (absent on records written before it was kept). */
  lastLeaveEvent?: AppliedEvent | null;
  /** The run that owns this person's lifecycle now (one lifecycle at a time). */
  currentRunId: string | null;
  /** Optimistic-concurrency counter; every write must name the version it read. */
  version: number;
  updatedAt: string;
}

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
