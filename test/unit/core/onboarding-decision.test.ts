import { describe, expect, it } from 'vitest';
import { decideOnboarding, type OnboardingPath } from '../../../functions/core/onboarding-decision.ts';
import { aMember } from '../../support/builders.ts';

describe('decideOnboarding', () => {
  it.each<[string, Parameters<typeof aMember>[0] | null, 'invite' | 'wait-for-first-login', OnboardingPath]>([
    ['a licensed member only needs Workspaces', { licensed: true }, 'invite', 'ensure-workspaces'],
    ['a free managed account gets a seat', { managed: true }, 'invite', 'grant'],
    ['a board guest gets a seat', { managed: false, collaborator: true }, 'invite', 'grant'],
    ['a deactivated member is reactivated first', { deactivated: true }, 'invite', 'reactivate-and-grant'],
    [
      'a deactivated member that still shows licensed is reactivated',
      { deactivated: true, licensed: true },
      'invite',
      'reactivate-and-grant',
    ],
    [
      'an unmanaged non-guest found by email gets a seat',
      { managed: false, collaborator: false },
      'invite',
      'grant',
    ],
    ['an unknown person is invited', null, 'invite', 'invite'],
    [
      'an unknown person is awaited under wait-for-first-login',
      null,
      'wait-for-first-login',
      'wait-for-first-login',
    ],
    ['the policy does not change a known account', { managed: true }, 'wait-for-first-login', 'grant'],
  ])('%s', (_name, member, policy, expected) => {
    const decision = decideOnboarding(member === null ? null : aMember(member), policy);
    expect(decision.path).toBe(expected);
    expect(decision.reason.length).toBeGreaterThan(10);
  });
});
