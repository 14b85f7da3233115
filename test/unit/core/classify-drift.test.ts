/** Which drift a reconciliation finds, with what evidence and which fix (a pure rule over the three sides). */
import { describe, expect, it } from 'vitest';
import { memberFindings, personFindings } from '../../../functions/core/reconciliation/classify-drift.ts';
import { aMember, anIdpUser, aProfile } from '../../support/builders.ts';

const AT = '2026-12-04T05:00:00.000Z';
const kinds = (found: Array<{ kind: string; fix: string; state: string }>) =>
  found.map((f) => `${f.kind}/${f.fix}/${f.state}`);

describe('memberFindings (the Trello side)', () => {
  it.each([
    {
      what: 'a leaver still licensed',
      member: aMember({ licensed: true }),
      person: aProfile({ lifecycle: 'offboarded' }),
      idp: undefined,
      found: ['leaver-in-trello/offboard/open'],
    },
    {
      what: 'a leaver unlicensed but not deactivated',
      member: aMember(),
      person: aProfile({ lifecycle: 'offboarded' }),
      idp: undefined,
      found: ['leaver-in-trello/offboard/open'],
    },
    {
      what: 'a leaver deactivated (the people side asks the IdP about them)',
      member: aMember({ deactivated: true }),
      person: aProfile({ lifecycle: 'offboarded' }),
      idp: anIdpUser(),
      found: [],
    },
    {
      what: 'a licensed member HR does not know',
      member: aMember({ licensed: true }),
      person: null,
      idp: undefined,
      found: ['unknown-licensed/reclaim/open'],
    },
    {
      what: 'a licensed Enterprise admin HR does not know (reported, never reclaimed)',
      member: aMember({ licensed: true, enterpriseAdmin: true }),
      person: null,
      idp: undefined,
      found: ['unknown-licensed/none/no-fix'],
    },
    {
      what: 'a deactivated member holding a seat',
      member: aMember({ licensed: true, deactivated: true }),
      person: aProfile(),
      idp: anIdpUser({ active: false, status: 'SUSPENDED' }),
      found: ['deactivated-holding-seat/reclaim/open'],
    },
    {
      what: 'a deactivated member never provisioned per the record whose sign-in works',
      member: aMember({ deactivated: true }),
      person: aProfile({ lifecycle: 'not-provisioned' }),
      idp: anIdpUser(),
      found: ['deactivated-can-sign-in/offboard/open'],
    },
    {
      what: 'a deactivated employee whose sign-in works (the hire finding covers them)',
      member: aMember({ deactivated: true }),
      person: aProfile(),
      idp: anIdpUser(),
      found: [],
    },
    {
      what: 'a deactivated member nobody knows whose sign-in works',
      member: aMember({ deactivated: true }),
      person: null,
      idp: anIdpUser(),
      found: ['deactivated-can-sign-in/none/no-fix'],
    },
    {
      what: 'a deactivated member on leave (the free-seat policy) whose sign-in works',
      member: aMember({ deactivated: true }),
      person: aProfile({ onLeave: true }),
      idp: anIdpUser(),
      found: [],
    },
    {
      what: 'a deactivated member the IdP has cut off',
      member: aMember({ deactivated: true }),
      person: null,
      idp: anIdpUser({ active: false, status: 'SUSPENDED' }),
      found: [],
    },
    {
      what: 'an employee licensed as the record says',
      member: aMember({ licensed: true }),
      person: aProfile(),
      idp: undefined,
      found: [],
    },
  ])('$what', ({ member, person, idp, found }) => {
    expect(kinds(memberFindings(member, person, idp, AT))).toEqual(found);
  });

  it('keeps the evidence of each side and when it was read', () => {
    const [finding] = memberFindings(
      aMember({ licensed: true, lastActiveAt: null }),
      aProfile({ lifecycle: 'offboarded' }),
      undefined,
      AT,
    );
    expect(finding).toMatchObject({
      findingId: 'leaver-in-trello:E1001',
      employeeId: 'E1001',
      memberId: '5abbe4b7ddc1b351ef961414',
      email: 'ana.lima@example.com',
      evidence: {
        lanyardSays: 'E1001: lifecycle offboarded, Trello member 5abbe4b7ddc1b351ef961414',
        trelloSays: 'member 5abbe4b7ddc1b351ef961414: licensed, not deactivated; last active never',
        idpSays: null,
        readAt: AT,
      },
      result: null,
    });
  });

  it('names a finding about a member nobody knows by the member', () => {
    const [finding] = memberFindings(aMember({ licensed: true }), null, undefined, AT);
    expect(finding?.findingId).toBe('unknown-licensed:member-5abbe4b7ddc1b351ef961414');
    expect(finding?.evidence.lanyardSays).toBe('no people record (HR does not know this member)');
  });
});

describe('personFindings (the people side)', () => {
  const seen = (licensed: boolean, deactivated = false) => ({
    employeeId: 'E1001',
    memberId: '5abbe4b7ddc1b351ef961414',
    licensed,
    deactivated,
  });

  it.each([
    {
      what: 'a leaver who can still sign in',
      person: aProfile({ lifecycle: 'offboarded' }),
      sighting: null,
      idp: anIdpUser(),
      found: ['leaver-can-sign-in/offboard/open'],
    },
    {
      what: 'a leaver the IdP has cut off',
      person: aProfile({ lifecycle: 'offboarded' }),
      sighting: null,
      idp: anIdpUser({ active: false, status: 'SUSPENDED' }),
      found: [],
    },
    {
      what: 'a leaver the IdP does not know',
      person: aProfile({ lifecycle: 'offboarded' }),
      sighting: null,
      idp: null,
      found: [],
    },
    {
      what: 'a hire never seen in Trello',
      person: aProfile(),
      sighting: null,
      idp: undefined,
      found: ['hire-not-provisioned/onboard/open'],
    },
    {
      what: 'a hire seen without a seat',
      person: aProfile(),
      sighting: seen(false, true),
      idp: undefined,
      found: ['hire-not-provisioned/onboard/open'],
    },
    { what: 'a hire holding a seat', person: aProfile(), sighting: seen(true), idp: undefined, found: [] },
    {
      what: 'a hire on leave without a seat',
      person: aProfile({ onLeave: true }),
      sighting: null,
      idp: undefined,
      found: [],
    },
    {
      what: 'a hire still waiting for a first login',
      person: aProfile({ lifecycle: 'awaiting-first-login' }),
      sighting: null,
      idp: undefined,
      found: [],
    },
  ])('$what', ({ person, sighting, idp, found }) => {
    expect(kinds(personFindings(person, sighting, idp, AT))).toEqual(found);
  });

  it('says what the IdP answered', () => {
    const [finding] = personFindings(aProfile({ lifecycle: 'offboarded' }), null, anIdpUser(), AT);
    expect(finding?.evidence).toMatchObject({
      idpSays: 'user 00u1 ACTIVE: can sign in',
      trelloSays: "not on the Enterprise's licensed or deactivated members (member 5abbe4b7ddc1b351ef961414)",
    });
  });
});
