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
