/**
 * Which idle members the sweep keeps, and why. The record store is a two-method stand-in here
 * (this is a rule table over one profile; the integration suite runs the same rules on dynalite).
 */
import { describe, expect, it } from 'vitest';
import { exemptionOf } from '../../../functions/core/sweep/list-idle-members.ts';
import type { SweepDeps } from '../../../functions/core/sweep/sweep-deps.ts';
import type { PersonProfile } from '../../../functions/ports/record-store.ts';
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
const deps = (person: PersonProfile | null, allowList: string[] = []) =>
  ({
    clock: { now: () => NOW },
    records: { findPersonByMemberId: async () => person },
    sweep: { inactiveDays: 90, graceDays: 30, allowList, approvalTimeoutHours: 1, consoleUrl: null },
  }) as unknown as SweepDeps;

describe('sweep exemptions', () => {
  it('sweeps an idle member nobody vouches for', async () => {
    expect(await exemptionOf(member(), deps(null))).toBeNull();
    expect(await exemptionOf(member(), deps(profile()))).toBeNull();
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
  ])('keeps %s', async (_what, m, d, reason) => {
    expect(await exemptionOf(m, d)).toBe(reason);
  });

  it('no longer protects a hire once the grace period is over', async () => {
    const old = profile({
      lastEvent: {
        id: 'e',
        type: 'employee.rehired',
        effectiveAt: '2026-09-01T09:00:00Z',
        occurredAt: '2026-09-01T09:00:00Z',
      },
    });
    expect(await exemptionOf(member(), deps(old))).toBeNull();
  });
});
