/**
 * checkPeople (the reading, people side, after Read Trello Members): every person of Lanyard's
 * records judged as their record says now — a leaver the IdP still lets sign in, a hire the Trello
 * pages showed no seat for — then, with an HR export, its rows. Records, Trello and IdP in memory.
 */
import { describe, expect, it } from 'vitest';
import { checkPeople, PEOPLE_PAGE } from '../../../../functions/core/reconciliation/check-people.ts';
import type { PersonProfile } from '../../../../functions/ports/records/people.ts';
import { anIdpUser, aProfile } from '../../../support/builders.ts';
import {
  aReconciliation,
  findingsOf,
  RECONCILIATION_ID,
  reconciliationDeps,
} from '../../../support/reconciliation-deps.ts';

type Setup = Awaited<ReturnType<typeof reconciliationDeps>>;

const person = (setup: Setup, overrides: Partial<PersonProfile> & { employeeId: string }) =>
  setup.records.people.putProfile(
    aProfile({
      email: `${overrides.employeeId}@example.com`,
      trelloMemberId: `m-${overrides.employeeId}`,
      ...overrides,
    }),
    null,
  );

/** Licensed (or not) on the Trello pages, as Read Trello Members noted it. */
const seen = (setup: Setup, employeeId: string, licensed: boolean) =>
  setup.records.reconciliations.addSightings(RECONCILIATION_ID, [
    { employeeId, memberId: `m-${employeeId}`, licensed, deactivated: !licensed },
  ]);

describe('checkPeople', () => {
  it.each([
    {
      what: 'a leaver the IdP still lets sign in: offboard again (it cuts the IdP)',
      profile: { lifecycle: 'offboarded' as const },
      idpActive: true,
      licensed: null,
      found: ['leaver-can-sign-in/offboard/open E1'],
    },
    {
      what: 'a leaver the IdP has cut: nothing',
      profile: { lifecycle: 'offboarded' as const },
      idpActive: false,
      licensed: null,
      found: [],
    },
    {
      what: 'a hire not on the Trello pages: onboard',
      profile: { lifecycle: 'active' as const },
      idpActive: true,
      licensed: null,
      found: ['hire-not-provisioned/onboard/open E1'],
    },
    {
      what: 'a hire seen without a seat: onboard',
      profile: { lifecycle: 'active' as const },
      idpActive: true,
      licensed: false,
      found: ['hire-not-provisioned/onboard/open E1'],
    },
    {
      what: 'a hire holding a seat: nothing',
      profile: { lifecycle: 'active' as const },
      idpActive: true,
      licensed: true,
      found: [],
    },
    {
      what: 'a hire on leave without a seat: nothing',
      profile: { lifecycle: 'active' as const, onLeave: true },
      idpActive: true,
      licensed: null,
      found: [],
    },
  ])('$what', async ({ profile, idpActive, licensed, found }) => {
    // Prepare
    const setup = await reconciliationDeps();
    await person(setup, { employeeId: 'E1', ...profile });
    setup.idp.addUser(anIdpUser({ id: 'u1', email: 'E1@example.com', active: idpActive }));
    if (licensed !== null) await seen(setup, 'E1', licensed);
    // Act
    await checkPeople(setup.reconciliation, { pass: 'people', cursor: null }, setup.deps);
    // Assess
    expect(await findingsOf(setup.records)).toEqual(found);
  });

  it('pages through the people and ends when no HR export was given', async () => {
    // Prepare
    const setup = await reconciliationDeps();
    for (let i = 0; i < PEOPLE_PAGE + 1; i += 1) await person(setup, { employeeId: `E${1000 + i}` });
    // Act
    const first = await checkPeople(setup.reconciliation, { pass: 'people', cursor: null }, setup.deps);
    const last = await checkPeople(
      setup.reconciliation,
      { pass: 'people', cursor: first.cursor },
      setup.deps,
    );
    // Assess
    expect(first).toMatchObject({ pass: 'people', done: false, checked: PEOPLE_PAGE });
    expect(first.cursor).not.toBeNull();
    expect(last).toEqual({ pass: 'people', cursor: null, done: true, checked: 1 });
    expect((await setup.records.reconciliations.countFindings(RECONCILIATION_ID)).byKind).toMatchObject({
      'hire-not-provisioned': PEOPLE_PAGE + 1,
    });
  });

  it('goes on to the HR export pass when one was given, and judges its rows', async () => {
    // Prepare
    const setup = await reconciliationDeps({
      reconciliation: aReconciliation('report', { hrExportRows: 1 }),
    });
    await setup.records.reconciliations.putHrExport(RECONCILIATION_ID, [
      {
        line: 2,
        employeeId: 'E-hr',
        email: 'hr.only@example.com',
        fullName: 'Only In HR',
        department: null,
        status: 'active',
        terminationDate: null,
        hireDate: '2026-01-05',
      },
    ]);
    // Act
    const people = await checkPeople(setup.reconciliation, { pass: 'people', cursor: null }, setup.deps);
    const hr = await checkPeople(
      setup.reconciliation,
      { pass: people.pass, cursor: people.cursor },
      setup.deps,
    );
    // Assess
    expect(people).toEqual({ pass: 'hr-export', cursor: null, done: false, checked: 0 });
    expect(hr).toEqual({ pass: 'hr-export', cursor: null, done: true, checked: 1 });
    expect(await findingsOf(setup.records)).toEqual(['hire-not-provisioned/onboard/open E-hr']);
  });
});
