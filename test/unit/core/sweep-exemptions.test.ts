/** Which idle members the sweep keeps, and why (a pure rule over the member and their HR record). */
import { describe, expect, it } from 'vitest';
import { exemptionOf, isIdleSeat } from '../../../functions/core/sweep/list-idle-members.ts';
import type { PersonProfile } from '../../../functions/ports/records/people.ts';
import type { EnterpriseMember } from '../../../functions/ports/trello-admin.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const member = (over: Partial<EnterpriseMember> = {}): EnterpriseMember => ({
  memberId: '5f1e0a4b3c2d1e0f9a8b7c01',
  email: 'idle@example.com',
  fullName: 'Idle Person',
  username: 'idle',
  managed: true,
  licensed: true,
  deactivated: false,
  collaborator: false,
  enterpriseAdmin: false,
  confirmed: true,
  lastActiveAt: '2026-01-01T00:00:00Z',
  ...over,
});
const profile = (over: Partial<PersonProfile> = {}): PersonProfile => ({
  employeeId: 'E1',
  email: 'idle@example.com',
  fullName: 'Idle Person',
  department: null,
  managerEmail: null,
  trelloMemberId: '5f1e0a4b3c2d1e0f9a8b7c01',
  lifecycle: 'active',
  onLeave: false,
  lastEvent: null,
  currentRunId: null,
  version: 1,
  updatedAt: NOW.toISOString(),
  ...over,
});
const deps = (person: PersonProfile | null, allowList: string[] = []) => ({
  person,
  policy: { graceDays: 30, allowList },
});
const exemption = (m: EnterpriseMember, d: ReturnType<typeof deps>) =>
  exemptionOf(m, d.person, d.policy, NOW);

describe('sweep exemptions', () => {
  it('sweeps an idle member nobody vouches for', () => {
    expect(exemption(member(), deps(null))).toBeNull();
    expect(exemption(member(), deps(profile()))).toBeNull();
  });

  it.each([
    ['an Enterprise admin', member({ enterpriseAdmin: true }), deps(null), 'Enterprise admin'],
    [
      'someone on the allow-list (any case)',
      member({ email: 'CEO@example.com' }),
      deps(null, ['ceo@example.com']),
      'on the allow-list',
    ],
    ['someone on leave', member(), deps(profile({ onLeave: true })), 'on leave per HR'],
    [
      'a hire within the grace period',
      member(),
      deps(
        profile({
          lastEvent: {
            id: 'e',
            type: 'employee.hired',
            effectiveAt: '2026-11-10T09:00:00Z',
            occurredAt: '2026-11-01T09:00:00Z',
          },
        }),
      ),
      'onboarded within the last 30 days',
    ],
    [
      'someone still being onboarded',
      member(),
      deps(profile({ lifecycle: 'awaiting-first-login' })),
      'being onboarded',
    ],
  ])('keeps %s', (_what, m, d, reason) => {
    expect(exemption(m, d)).toBe(reason);
  });

  it('no longer protects a hire once the grace period is over', () => {
    const old = profile({
      lastEvent: {
        id: 'e',
        type: 'employee.rehired',
        effectiveAt: '2026-09-01T09:00:00Z',
        occurredAt: '2026-09-01T09:00:00Z',
      },
    });
    expect(exemption(member(), deps(old))).toBeNull();
  });
});

describe('idle seats', () => {
  const cutoff = { inactiveSince: '2026-08-24' };
  it('counts a licensed member last seen before the cutoff day, or never', () => {
    expect(isIdleSeat(member({ lastActiveAt: '2026-08-23T23:59:59Z' }), cutoff)).toBe(true);
    expect(isIdleSeat(member({ lastActiveAt: null }), cutoff)).toBe(true);
  });

  it('does not count activity on the cutoff day itself, a deactivated row or one without a seat', () => {
    expect(isIdleSeat(member({ lastActiveAt: '2026-08-24T00:00:01Z' }), cutoff)).toBe(false);
    expect(isIdleSeat(member({ deactivated: true }), cutoff)).toBe(false);
    expect(isIdleSeat(member({ licensed: false }), cutoff)).toBe(false);
  });
});
