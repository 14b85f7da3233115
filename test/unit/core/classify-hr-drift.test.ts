/** What an HR export adds to a reconciliation: HR's leavers and hires against Trello and the IdP (pure rules). */
import { describe, expect, it } from 'vitest';
import { memberFindings } from '../../../functions/core/reconciliation/classify-drift.ts';
import {
  hrRowFindings,
  needsHrIdpReading,
} from '../../../functions/core/reconciliation/classify-hr-drift.ts';
import type { HrExportRow, HrSighting } from '../../../functions/ports/records/reconciliations.ts';
import { aMember, anIdpUser, aProfile } from '../../support/builders.ts';

const AT = { readAt: '2026-12-04T05:00:00.000Z', today: '2026-12-04' };
const kinds = (found: Array<{ kind: string; fix: string; state: string }>) =>
  found.map((f) => `${f.kind}/${f.fix}/${f.state}`);

function aRow(overrides: Partial<HrExportRow> = {}): HrExportRow {
  return {
    line: 2,
    employeeId: 'E1001',
    email: 'ana.lima@example.com',
    fullName: 'Ana Lima',
    department: null,
    status: 'active',
    terminationDate: null,
    hireDate: null,
    ...overrides,
  };
}

const seen = (licensed: boolean, deactivated = !licensed): HrSighting => ({
  email: 'ana.lima@example.com',
  memberId: '5abbe4b7ddc1b351ef961414',
  licensed,
  deactivated,
});

describe('hrRowFindings (the HR export side)', () => {
  it.each([
    {
      what: 'a leaver per HR still licensed, whose record says active',
      row: aRow({ status: 'terminated' }),
      person: aProfile(),
      sighting: seen(true),
      idp: anIdpUser({ active: false, status: 'SUSPENDED' }),
      found: ['leaver-in-trello/offboard/open'],
    },
    {
      what: 'a leaver per HR (termination date come) who can still sign in, unknown to Lanyard',
      row: aRow({ terminationDate: '2026-12-01' }),
      person: null,
      sighting: seen(false, true),
      idp: anIdpUser(),
      found: ['leaver-can-sign-in/offboard/open'],
    },
    {
      what: 'a leaver per HR cut everywhere',
      row: aRow({ status: 'terminated' }),
      person: aProfile({ lifecycle: 'offboarded' }),
      sighting: seen(false, true),
      idp: undefined,
      found: [],
    },
    {
      what: 'a leaver per HR whose offboarding is running',
      row: aRow({ status: 'terminated' }),
      person: aProfile({ lifecycle: 'offboarding' }),
      sighting: seen(true),
      idp: anIdpUser(),
      found: [],
    },
    {
      what: 'a termination date still to come',
      row: aRow({ terminationDate: '2026-12-31' }),
      person: aProfile(),
      sighting: seen(true),
      idp: undefined,
      found: [],
    },
    {
      what: 'a hire per HR never provisioned, unknown to Lanyard',
      row: aRow(),
      person: null,
      sighting: null,
      idp: undefined,
      found: ['hire-not-provisioned/onboard/open'],
    },
    {
      what: 'a hire per HR whom Lanyard offboarded (a person decides: no fix)',
      row: aRow(),
      person: aProfile({ lifecycle: 'offboarded' }),
      sighting: seen(false, true),
      idp: undefined,
      found: ['hire-not-provisioned/none/no-fix'],
    },
    {
      what: 'a hire per HR whose onboarding is running',
      row: aRow(),
      person: aProfile({ lifecycle: 'onboarding' }),
      sighting: null,
      idp: undefined,
      found: [],
    },
    {
      what: 'a hire per HR starting later',
      row: aRow({ hireDate: '2027-01-04' }),
      person: null,
      sighting: null,
      idp: undefined,
      found: [],
    },
    {
      what: 'a person on leave per HR without a seat',
      row: aRow({ status: 'on-leave' }),
      person: null,
      sighting: null,
      idp: undefined,
      found: [],
    },
    {
      what: 'a hire per HR holding a seat',
      row: aRow(),
      person: aProfile(),
      sighting: seen(true),
      idp: undefined,
      found: [],
    },
  ])('$what', ({ row, person, sighting, idp, found }) => {
    expect(kinds(hrRowFindings(row, person, sighting, idp, AT))).toEqual(found);
  });

  it("names the person by HR's employee id, with HR's line and Trello's member as evidence", () => {
    const [finding] = hrRowFindings(
      aRow({ employeeId: 'E2002', status: 'terminated', terminationDate: '2026-11-30', line: 7 }),
      null,
      seen(true),
      undefined,
      AT,
    );
    expect(finding).toMatchObject({
      findingId: 'leaver-in-trello:E2002',
      employeeId: 'E2002',
      memberId: '5abbe4b7ddc1b351ef961414',
      email: 'ana.lima@example.com',
      evidence: {
        lanyardSays: 'no people record (HR does not know this member)',
        trelloSays: 'member 5abbe4b7ddc1b351ef961414: licensed, not deactivated',
        hrSays: 'line 7: E2002 terminated, termination date 2026-11-30',
        idpSays: null,
      },
    });
  });

  it("asks the IdP about HR's leavers only where the people side does not", () => {
    const gone = aRow({ status: 'terminated' });
    expect(needsHrIdpReading(gone, null, AT.today)).toBe(true);
    expect(needsHrIdpReading(gone, aProfile(), AT.today)).toBe(true);
    expect(needsHrIdpReading(gone, aProfile({ lifecycle: 'offboarded' }), AT.today)).toBe(false);
    expect(needsHrIdpReading(aRow(), null, AT.today)).toBe(false);
  });
});

describe('memberFindings with an HR export (who HR knows)', () => {
  const licensed = aMember({ licensed: true });

  it('finds a licensed member the export does not list, though Lanyard has a record', () => {
    const found = memberFindings(licensed, aProfile(), undefined, AT.readAt, null);
    expect(kinds(found)).toEqual(['unknown-licensed/reclaim/open']);
    expect(found[0]?.evidence.hrSays).toBe('not in the HR export');
  });

  it('leaves alone a licensed member the export lists, though Lanyard has no record', () => {
    expect(memberFindings(licensed, null, undefined, AT.readAt, aRow())).toEqual([]);
  });

  it("falls back on Lanyard's records when Trello shows no email to look up", () => {
    const hidden = aMember({ licensed: true, email: null });
    expect(kinds(memberFindings(hidden, null, undefined, AT.readAt, undefined))).toEqual([
      'unknown-licensed/reclaim/open',
    ]);
  });
});
