import type { IdpUser } from '../../functions/ports/identity-provider.ts';
import type { PersonProfile } from '../../functions/ports/records/people.ts';
import type { EnterpriseMember } from '../../functions/ports/trello-admin.ts';

/** An Enterprise member row with sensible defaults: a confirmed, active, managed, unlicensed account. */
export function aMember(overrides: Partial<EnterpriseMember> = {}): EnterpriseMember {
  return {
    memberId: '5abbe4b7ddc1b351ef961414',
    email: 'ana.lima@example.com',
    fullName: 'Ana Lima',
    username: 'analima',
    managed: true,
    licensed: false,
    deactivated: false,
    collaborator: false,
    enterpriseAdmin: false,
    confirmed: true,
    lastActiveAt: '2026-11-01T09:00:00.000Z',
    ...overrides,
  };
}

/** A person as Lanyard's records hold them: active (onboarded), linked to {@link aMember}'s account. */
export function aProfile(overrides: Partial<PersonProfile> = {}): PersonProfile {
  return {
    employeeId: 'E1001',
    email: 'ana.lima@example.com',
    fullName: 'Ana Lima',
    department: null,
    managerEmail: null,
    trelloMemberId: '5abbe4b7ddc1b351ef961414',
    lifecycle: 'active',
    onLeave: false,
    lastEvent: null,
    currentRunId: null,
    version: 1,
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...overrides,
  };
}

/** An identity-provider user who can sign in. */
export function anIdpUser(overrides: Partial<IdpUser> = {}): IdpUser {
  return { id: '00u1', email: 'ana.lima@example.com', active: true, status: 'ACTIVE', ...overrides };
}
