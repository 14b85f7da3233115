/**
 * Trello accounts and what only their person does: an account created (by a first login, or as
 * an invitee's unconfirmed "ghost"), an invitation accepted, activity recorded. None takes a seat.
 */
import { upperBound } from '../state-index.ts';
import type { BoardMemberType, MemberRecord, WorkspaceMemberType } from '../state-schema.ts';
import { modelNotFound, TrelloApiError } from '../trello-errors.ts';
import { memberByEmail, member as memberById } from './lookups.ts';
import { confirmMemberships } from './memberships.ts';
import type { StateStore } from './state-store.ts';

export interface NewMemberInput {
  email: string;
  fullName: string;
  username?: string;
  confirmed?: boolean;
  licensed?: boolean;
  deactivated?: boolean;
  enterpriseAdmin?: boolean;
  dateLastImpression?: string | null;
  workspaces?: { idOrganization: string; type: WorkspaceMemberType }[];
  boards?: { idBoard: string; type: BoardMemberType }[];
}

function initialsOf(fullName: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}

function uniqueUsername(store: StateStore, wanted: string): string {
  let base = wanted.toLowerCase().replace(/[^a-z0-9_]/g, '');
  if (base.length < 3) base = `${base}user`.slice(0, Math.max(3, base.length + 4));
  let candidate = base;
  for (let n = 1; store.index.memberIdByUsername.has(candidate); n++) candidate = `${base}${n}`;
  return candidate;
}

/** A new account record, indexed; no licence, Workspace or board (those follow their own rules). */
export function insertMember(store: StateStore, input: NewMemberInput): MemberRecord {
  const s = store.index;
  const email = input.email.trim().toLowerCase();
  if (s.memberIdByEmail.has(email)) {
    throw new TrelloApiError(409, 'MEMBER_EXISTS', 'an account with this email already exists');
  }
  const id = store.newId();
  const member: MemberRecord = {
    id,
    username: uniqueUsername(store, input.username ?? email.slice(0, email.indexOf('@'))),
    fullName: input.fullName,
    initials: initialsOf(input.fullName),
    email,
    confirmed: input.confirmed ?? true,
    licensed: false,
    deactivated: false,
    enterpriseAdmin: input.enterpriseAdmin ?? false,
    dateLastImpression: input.dateLastImpression ?? null,
  };
  const sorted = s.membersSorted;
  sorted.splice(upperBound(sorted, id), 0, member);
  s.members.set(id, member);
  s.memberIdByEmail.set(email, id);
  s.memberIdByUsername.set(member.username, id);
  return member;
}

function confirm(store: StateStore, member: MemberRecord): void {
  if (member.confirmed) return;
  member.confirmed = true;
  confirmMemberships(store, member);
}

function requireMember(store: StateStore, memberId: string): MemberRecord {
  const member = memberById(store, memberId);
  if (!member) throw modelNotFound();
  return member;
}

/**
 * A person logs in to Trello: first login creates a confirmed free account (managed when the
 * domain is claimed), an invitee becomes confirmed, and activity is recorded in every case.
 */
export function login(
  store: StateStore,
  email: string,
  fullName?: string,
): { member: MemberRecord; created: boolean } {
  // UNVERIFIED: a first login never takes a seat (DESIGN.md: "wait until the person first logs in").
  const existing = memberByEmail(store, email);
  if (existing) {
    confirm(store, existing);
    existing.dateLastImpression = store.nowIso();
    return { member: existing, created: false };
  }
  const localPart = email.slice(0, email.indexOf('@'));
  const member = insertMember(store, {
    email,
    fullName: fullName ?? localPart,
    confirmed: true,
    dateLastImpression: store.nowIso(),
  });
  return { member, created: true };
}

export function acceptInvite(store: StateStore, memberId: string): MemberRecord {
  const member = requireMember(store, memberId);
  confirm(store, member);
  member.dateLastImpression = store.nowIso();
  return member;
}

export function recordActivity(store: StateStore, memberId: string, at?: Date): MemberRecord {
  const member = requireMember(store, memberId);
  member.dateLastImpression = (at ?? store.clock.now()).toISOString();
  return member;
}
