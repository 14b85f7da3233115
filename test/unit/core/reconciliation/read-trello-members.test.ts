/**
 * readTrelloMembers (the reading, Trello side): the licensed and the deactivated pass at once, each
 * member's findings recorded with the fix that would close it, the IdP asked only about
 * deactivated members no leaver record covers, the people and HR rows seen noted for the checks
 * after it; a page read again writes and counts nothing twice. Records, Trello and IdP in memory.
 */
import { describe, expect, it } from 'vitest';
import { IdpUnavailableError } from '../../../../functions/core/errors.ts';
import {
  readTrelloMembers,
  type TrelloReading,
} from '../../../../functions/core/reconciliation/read-trello-members.ts';
import { aMember, anIdpUser, aProfile } from '../../../support/builders.ts';
import {
  aReconciliation,
  findingsOf,
  RECONCILIATION_ID,
  reconciliationDeps,
} from '../../../support/reconciliation-deps.ts';

const START: TrelloReading = {
  licensed: { cursor: null, done: false },
  deactivated: { cursor: null, done: false },
};

/** Reads both passes to the end, as the workflow's loop does. */
async function readAll(setup: Awaited<ReturnType<typeof reconciliationDeps>>) {
  let at = START;
  const steps = [];
  for (;;) {
    const step = await readTrelloMembers(setup.reconciliation, at, setup.deps);
    steps.push(step);
    if (step.done) return steps;
    at = { licensed: step.licensed, deactivated: step.deactivated };
  }
}

describe('readTrelloMembers', () => {
  it('reads the licensed and the deactivated pass at once, and ends when both have', async () => {
    // Prepare
    const setup = await reconciliationDeps();
    setup.trello.add(aMember({ memberId: 'm1', email: 'a@example.com', licensed: true }));
    setup.trello.add(aMember({ memberId: 'm2', email: 'b@example.com', deactivated: true }));
    // Act
    const steps = await readAll(setup);
    // Assess
    expect(steps).toEqual([
      {
        licensed: { cursor: null, done: true },
        deactivated: { cursor: null, done: true },
        done: true,
        read: 2,
      },
    ]);
  });

  it('keeps the cursor of a pass that failed while the other progressed, and throws when nothing did', async () => {
    // Prepare
    const setup = await reconciliationDeps();
    setup.trello.add(aMember({ memberId: 'm1', email: 'a@example.com', licensed: true }));
    setup.trello.add(aMember({ memberId: 'm2', email: 'b@example.com', deactivated: true }));
    const outage = new IdpUnavailableError('Okta answered 503');
    setup.idp.findUser = () => Promise.reject(outage);
    // Act
    const first = await readTrelloMembers(setup.reconciliation, START, setup.deps);
    const second = readTrelloMembers(setup.reconciliation, first, setup.deps);
    // Assess
    expect(first).toEqual({
      licensed: { cursor: null, done: true },
      deactivated: { cursor: null, done: false },
      done: false,
      read: 1,
    });
    await expect(second).rejects.toBe(outage);
  });

  it('records each Trello-side drift with the fix that closes it, and nothing for members as they should be', async () => {
    // Prepare
    const setup = await reconciliationDeps();
    const { trello, records, idp } = setup;
    const person = (
      employeeId: string,
      memberId: string,
      lifecycle: 'active' | 'offboarded' | 'not-provisioned',
    ) =>
      records.people.putProfile(
        aProfile({ employeeId, email: `${employeeId}@example.com`, trelloMemberId: memberId, lifecycle }),
        null,
      );
    await person('E-leaver', 'm-leaver', 'offboarded');
    trello.add(aMember({ memberId: 'm-leaver', email: 'E-leaver@example.com', licensed: true }));
    await person('E-held', 'm-held', 'active');
    trello.add(
      aMember({ memberId: 'm-held', email: 'E-held@example.com', licensed: true, deactivated: true }),
    );
    trello.add(aMember({ memberId: 'm-unknown', email: 'x@example.com', licensed: true }));
    trello.add(
      aMember({ memberId: 'm-admin', email: 'admin@example.com', licensed: true, enterpriseAdmin: true }),
    );
    trello.add(aMember({ memberId: 'm-stranger', email: 'stranger@example.com', deactivated: true }));
    idp.addUser(anIdpUser({ id: 'u-stranger', email: 'stranger@example.com' }));
    await person('E-never', 'm-never', 'not-provisioned');
    trello.add(aMember({ memberId: 'm-never', email: 'E-never@example.com', deactivated: true }));
    idp.addUser(anIdpUser({ id: 'u-never', email: 'E-never@example.com' }));
    await person('E-fine', 'm-fine', 'active');
    trello.add(aMember({ memberId: 'm-fine', email: 'E-fine@example.com', licensed: true }));
    trello.add(aMember({ memberId: 'm-cut', email: 'cut@example.com', deactivated: true }));
    idp.addUser(anIdpUser({ id: 'u-cut', email: 'cut@example.com', active: false, status: 'SUSPENDED' }));
    // Act
    await readAll(setup);
    // Assess
    expect(await findingsOf(records)).toEqual([
      'deactivated-can-sign-in/none/no-fix m-stranger',
      'deactivated-can-sign-in/offboard/open E-never',
      'deactivated-holding-seat/reclaim/open E-held',
      'leaver-in-trello/offboard/open E-leaver',
      'unknown-licensed/none/no-fix m-admin',
      'unknown-licensed/reclaim/open m-unknown',
    ]);
    expect(trello.writes).toEqual([]);
  });

  it('keeps what each side said as the finding evidence', async () => {
    // Prepare
    const setup = await reconciliationDeps();
    setup.trello.add(aMember({ memberId: 'm-stranger', email: 'stranger@example.com', deactivated: true }));
    setup.idp.addUser(anIdpUser({ id: 'u-stranger', email: 'stranger@example.com' }));
    // Act
    await readAll(setup);
    // Assess
    const [finding] = (await setup.records.reconciliations.listFindings(RECONCILIATION_ID, {})).items;
    expect(finding?.evidence).toEqual({
      lanyardSays: 'no people record (HR does not know this member)',
      trelloSays: expect.stringMatching(/^member m-stranger: not licensed, deactivated/),
      idpSays: 'user u-stranger ACTIVE: can sign in',
      hrSays: null,
      readAt: '2026-12-01T09:00:00.000Z',
    });
  });

  it('asks the IdP only about deactivated members no leaver or employee record covers', async () => {
    // Prepare
    const setup = await reconciliationDeps();
    const asked: string[] = [];
    const findUser = setup.idp.findUser.bind(setup.idp);
    setup.idp.findUser = (email) => {
      asked.push(email);
      return findUser(email);
    };
    await setup.records.people.putProfile(
      aProfile({ employeeId: 'E-leaver', trelloMemberId: 'm-leaver', lifecycle: 'offboarded' }),
      null,
    );
    setup.trello.add(aMember({ memberId: 'm-leaver', email: 'leaver@example.com', deactivated: true }));
    setup.trello.add(aMember({ memberId: 'm-licensed', email: 'licensed@example.com', licensed: true }));
    setup.trello.add(aMember({ memberId: 'm-stranger', email: 'stranger@example.com', deactivated: true }));
    setup.trello.add(aMember({ memberId: 'm-no-email', email: null, deactivated: true }));
    // Act
    await readAll(setup);
    // Assess
    expect(asked).toEqual(['stranger@example.com']);
  });

  it('without an IdP configured, finds no sign-in drift and asks nobody', async () => {
    // Prepare
    const setup = await reconciliationDeps({ idp: false });
    setup.trello.add(aMember({ memberId: 'm-stranger', email: 'stranger@example.com', deactivated: true }));
    // Act
    await readAll(setup);
    // Assess
    expect(await findingsOf(setup.records)).toEqual([]);
  });

  it('notes the known people and the HR export rows it saw, for the checks after it', async () => {
    // Prepare
    const setup = await reconciliationDeps({
      reconciliation: aReconciliation('report', { hrExportRows: 1 }),
    });
    await setup.records.people.putProfile(aProfile({ employeeId: 'E1', trelloMemberId: 'm1' }), null);
    setup.trello.add(aMember({ memberId: 'm1', email: 'ana.lima@example.com', licensed: true }));
    await setup.records.reconciliations.putHrExport(RECONCILIATION_ID, [
      {
        line: 2,
        employeeId: 'E1',
        email: 'ana.lima@example.com',
        fullName: 'Ana Lima',
        department: null,
        status: 'active',
        terminationDate: null,
        hireDate: null,
      },
    ]);
    // Act
    await readAll(setup);
    // Assess
    expect(await setup.records.reconciliations.getSightings(RECONCILIATION_ID, ['E1'])).toEqual(
      new Map([['E1', { employeeId: 'E1', memberId: 'm1', licensed: true, deactivated: false }]]),
    );
    expect(
      await setup.records.reconciliations.getHrSightings(RECONCILIATION_ID, ['ana.lima@example.com']),
    ).toEqual(
      new Map([
        [
          'ana.lima@example.com',
          { email: 'ana.lima@example.com', memberId: 'm1', licensed: true, deactivated: false },
        ],
      ]),
    );
  });

  it('read again from the same cursor (a retried step), writes and counts each finding once', async () => {
    // Prepare
    const setup = await reconciliationDeps();
    setup.trello.add(aMember({ memberId: 'm-unknown', email: 'x@example.com', licensed: true }));
    await readAll(setup);
    // Act
    await readAll(setup);
    // Assess
    expect(await findingsOf(setup.records)).toEqual(['unknown-licensed/reclaim/open m-unknown']);
    expect((await setup.records.reconciliations.countFindings(RECONCILIATION_ID)).byKind).toMatchObject({
      'unknown-licensed': 1,
    });
  });
});
