/**
 * The Trello simulator on a state file loses nothing it answered: every change to the model is
 * journaled before the answer, and a restart replays the journal over the last snapshot.
 * - every EnterpriseState method is known as a change (journaled) or a read;
 * - any sequence of changes, replayed from the journal alone (no graceful stop), gives the same
 *   model, ids included (fast-check, seeded);
 * - a journal cut mid-line, or left from an older snapshot, is handled; a damaged one is refused
 *   with a message saying what to do;
 * - the simulator process killed with SIGKILL right after answering a change comes back with it.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EnterpriseState } from '../../../../infra/local/simulators/trello/enterprise-state.ts';
import { generateSeed } from '../../../../infra/local/simulators/trello/seeds.ts';
import { SimClock } from '../../../../infra/local/simulators/trello/sim-clock.ts';
import {
  journalStateChanges,
  openModelFile,
  STATE_CHANGES,
} from '../../../../infra/local/simulators/trello/state-journal.ts';
import { parseStateSnapshot } from '../../../../infra/local/simulators/trello/state-schema.ts';
import { startTrelloSimulator } from '../../../../infra/local/simulators/trello/trello-server.ts';
import { propertyParameters, propertyTimeout } from '../../../support/property-runs.ts';
import { startSimulatorProcess, stopSimulatorProcesses } from '../../../support/simulator-process.ts';

const root = mkdtempSync(path.join(tmpdir(), 'lanyard-trello-durable-'));
let files = 0;
const newStateFile = () => path.join(root, `state-${++files}.json`);
afterEach(stopSimulatorProcesses);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const anchor = new Date('2026-11-20T00:00:00.000Z');
const freshModel = () => parseStateSnapshot(generateSeed({ preset: 'tiny', seed: 3, anchor }));

/** Methods that only read the model (or build its snapshot). */
const READS = [
  'constructor',
  'restore',
  'snapshotJson',
  'snapshot',
  'enterpriseAdminIds',
  'member',
  'memberByEmail',
  'resolveMember',
  'organization',
  'resolveOrganization',
  'board',
  'tokenByValue',
  'organizations',
  'boards',
  'organizationIdsOf',
  'boardIdsOf',
  'boardMembership',
  'workspaceMembership',
  'tokensOf',
  'isManaged',
  'isEnterpriseWorkspace',
  'isEnterpriseBoard',
  'isCollaborator',
  'isEnterpriseMember',
  'flags',
  'requireEnterpriseMember',
  'queryMembers',
  'requireOrganization',
  'enterpriseOrganizations',
  'pendingOrganizations',
  'claimableOrganizations',
  'pendingTransferIds',
  'requireBoard',
  'boardsWithoutActiveAdmin',
];

describe('the journal of the Trello model', () => {
  it('knows every method of EnterpriseState as a journaled change or a read', () => {
    const methods = Object.getOwnPropertyNames(EnterpriseState.prototype).filter(
      (name) => typeof Object.getOwnPropertyDescriptor(EnterpriseState.prototype, name)?.value === 'function',
    );
    const unknown = methods.filter(
      (name) => !READS.includes(name) && !(STATE_CHANGES as readonly string[]).includes(name),
    );
    expect(unknown, 'add each to STATE_CHANGES (state-journal.ts) if it changes the model').toEqual([]);
  });

  /** One change, its targets picked by index among what the model holds when it runs. */
  const change = fc.oneof(
    fc.record({ op: fc.constant('invite' as const), org: fc.nat(), who: fc.nat(9), admin: fc.boolean() }),
    fc.record({ op: fc.constant('licensed' as const), member: fc.nat(), value: fc.boolean() }),
    fc.record({ op: fc.constant('deactivated' as const), member: fc.nat(), value: fc.boolean() }),
    fc.record({ op: fc.constant('addToWorkspace' as const), org: fc.nat(), member: fc.nat() }),
    fc.record({ op: fc.constant('removeFromWorkspace' as const), org: fc.nat(), member: fc.nat() }),
    fc.record({
      op: fc.constant('boardMember' as const),
      board: fc.nat(),
      member: fc.nat(),
      admin: fc.boolean(),
    }),
    fc.record({ op: fc.constant('removeBoardMember' as const), board: fc.nat(), member: fc.nat() }),
    fc.record({ op: fc.constant('token' as const), member: fc.nat(), mobile: fc.boolean() }),
    fc.record({ op: fc.constant('deleteTokens' as const), member: fc.nat() }),
    fc.record({ op: fc.constant('login' as const), who: fc.nat(9) }),
    fc.record({ op: fc.constant('activity' as const), member: fc.nat(), daysAgo: fc.option(fc.nat(400)) }),
    fc.record({ op: fc.constant('seats' as const), maxMembers: fc.option(fc.nat(30)) }),
    fc.record({ op: fc.constant('transfer' as const), org: fc.nat(), later: fc.boolean() }),
    fc.record({ op: fc.constant('restrict' as const), org: fc.nat(), managedOnly: fc.boolean() }),
    fc.record({ op: fc.constant('board' as const), org: fc.nat(), member: fc.nat() }),
  );
  type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

  function apply(state: EnterpriseState, c: Change): void {
    const { members, organizations, boards } = state.snapshot();
    const pick = <T>(list: T[], index: number): T => list[index % list.length] as T;
    const member = (index: number) => pick(members, index).id;
    const live = (index: number) => {
      const record = state.member(member(index));
      if (!record) throw new Error('a member of the snapshot is missing from the model');
      return record;
    };
    const email = (who: number) => `journal.person${who}@example.com`;
    switch (c.op) {
      case 'invite':
        state.inviteToWorkspace(
          pick(organizations, c.org).id,
          email(c.who),
          `Person ${c.who}`,
          c.admin ? 'admin' : 'normal',
        );
        return;
      case 'licensed':
        state.setLicensed(member(c.member), c.value);
        return;
      case 'deactivated':
        state.setDeactivated(member(c.member), c.value);
        return;
      case 'addToWorkspace':
        state.addToWorkspace(pick(organizations, c.org).id, live(c.member), 'normal');
        return;
      case 'removeFromWorkspace':
        state.removeFromWorkspace(pick(organizations, c.org).id, member(c.member));
        return;
      case 'boardMember':
        state.setBoardMember(pick(boards, c.board).id, live(c.member), c.admin ? 'admin' : 'normal');
        return;
      case 'removeBoardMember':
        state.removeBoardMember(pick(boards, c.board).id, member(c.member));
        return;
      case 'token':
        state.createToken({
          idMember: member(c.member),
          kind: c.mobile ? 'mobile-session' : 'power-up',
          identifier: 'Journal test',
          dateExpires: null,
        });
        return;
      case 'deleteTokens':
        state.deleteTokensOf(member(c.member), ['power-up', 'mobile-session']);
        return;
      case 'login':
        state.login(email(c.who));
        return;
      case 'activity':
        state.recordActivity(
          member(c.member),
          c.daysAgo === null ? undefined : new Date(anchor.getTime() - c.daysAgo * 86_400_000),
        );
        return;
      case 'seats':
        state.configureEnterprise({ maxMembers: c.maxMembers });
        return;
      case 'transfer':
        if (c.later) state.requestTransfer(pick(organizations, c.org).id);
        else state.transferOrganization(pick(organizations, c.org).id);
        return;
      case 'restrict':
        state.setOrganizationPrefs(pick(organizations, c.org).id, { managedOnly: c.managedOnly });
        return;
      case 'board':
        state.createBoard({
          name: 'Journal board',
          idOrganization: pick(organizations, c.org).id,
          permissionLevel: 'org',
          closed: false,
          members: [{ idMember: member(c.member), type: 'admin' }],
        });
        return;
    }
  }

  it(
    'replays any sequence of changes to the same model, ids included, without a graceful stop',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(change, fc.integer({ min: 0, max: 3_000 })), { minLength: 1, maxLength: 25 }),
          (changes) => {
            const file = newStateFile();
            const { store, saved } = openModelFile(file);
            expect(saved).toBeNull();
            const clock = new SimClock();
            clock.set(anchor);
            const state = new EnterpriseState(clock, freshModel());
            journalStateChanges(state, clock, store);
            let at = anchor.getTime();
            for (const [c, stepMs] of changes) {
              // Some changes cross a second, where Trello ids change their time prefix.
              at += stepMs;
              clock.set(new Date(at));
              try {
                apply(state, c);
              } catch {
                // Refused by Trello's rules (no seat, last admin…): journaled, and refused again on replay.
              }
            }
            store.close(); // as a kill would: no last snapshot
            const reopened = openModelFile(file);
            reopened.store.close();
            expect(reopened.saved).toEqual(JSON.parse(state.snapshotJson()));
          },
        ),
        propertyParameters(30),
      );
    },
    propertyTimeout(30),
  );

  it('drops a last line a crash cut short, and skips a journal left from an older snapshot', () => {
    const file = newStateFile();
    const clock = new SimClock();
    clock.set(anchor);
    const state = new EnterpriseState(clock, freshModel());
    const first = openModelFile(file);
    journalStateChanges(state, clock, first.store);
    state.login('kept@example.com');
    appendFileSync(`${file}.journal`, '{"at":1,"op":"login","args":["cut@exa');
    first.store.close();
    const afterCut = openModelFile(file);
    expect(afterCut.saved?.members.map((m) => m.email)).toContain('kept@example.com');
    expect(afterCut.saved?.members.map((m) => m.email)).not.toContain('cut@example.com');

    // A new snapshot written, the journal not yet emptied: its changes are in the snapshot.
    const journal = readFileSync(`${file}.journal`, 'utf8');
    afterCut.store.compact(JSON.stringify(afterCut.saved));
    afterCut.store.close();
    writeFileSync(`${file}.journal`, journal);
    const afterCompaction = openModelFile(file);
    afterCompaction.store.close();
    expect(afterCompaction.saved?.members.filter((m) => m.email === 'kept@example.com')).toHaveLength(1);
  });

  it('writes a new snapshot every so many changes, so a long session leaves a short journal', () => {
    const file = newStateFile();
    const clock = new SimClock();
    clock.set(anchor);
    const state = new EnterpriseState(clock, freshModel());
    const { store } = openModelFile(file);
    journalStateChanges(state, clock, store, 3);
    for (let i = 0; i < 7; i++) state.login(`often.${i}@example.com`);
    store.close();
    // 7 changes, a snapshot after the 3rd and the 6th: the header and the 7th are left.
    expect(readFileSync(`${file}.journal`, 'utf8').trim().split('\n')).toHaveLength(2);
    const reopened = openModelFile(file);
    reopened.store.close();
    expect(reopened.saved).toEqual(JSON.parse(state.snapshotJson()));
  });

  it('refuses a journal damaged in the middle, saying which line and what to do', () => {
    const file = newStateFile();
    const first = openModelFile(file);
    first.store.compact(JSON.stringify(freshModel()));
    first.store.append({ at: 1, op: 'login', args: ['a@example.com'], ok: true }, () => '');
    first.store.close();
    const [header] = readFileSync(`${file}.journal`, 'utf8').split('\n');
    writeFileSync(
      `${file}.journal`,
      `${header}\nnot json\n{"at":1,"op":"login","args":["b@example.com"],"ok":true}\n`,
    );
    expect(() => openModelFile(file)).toThrow(/\.journal line 2 is not JSON.*Move it away/);
  });
});

describe('the Trello simulator on a state file', () => {
  it('comes back from kill -9 with every change it answered, and compacts on a graceful stop', async () => {
    const file = newStateFile();
    const args = ['--port', '0', '--seed', 'tiny', '--no-rate-limits', '--state-file', file];
    const cli = 'infra/local/simulators/trello/cli.ts';
    const first = await startSimulatorProcess(cli, args);
    const info = (await (await fetch(`${first.url}/_sim/info`)).json()) as {
      apiKey: string;
      adminToken: string;
      enterpriseId: string;
      defaultWorkspaceId: string;
    };
    const auth = `key=${info.apiKey}&token=${info.adminToken}`;
    // What Lanyard does: an invitation (a new account, a seat) and a deactivation (a seat freed).
    const invited = await fetch(
      `${first.url}/1/organizations/${info.defaultWorkspaceId}/members?email=crash.hire%40example.com&fullName=Crash%20Hire&type=normal&${auth}`,
      { method: 'PUT' },
    );
    expect(invited.status).toBe(200);
    const state = async (url: string) =>
      (await (await fetch(`${url}/_sim/state`)).json()) as Record<string, unknown>;
    const leaver = (
      (await state(first.url)).members as Array<{ id: string; licensed: boolean; enterpriseAdmin: boolean }>
    ).find((m) => m.licensed && !m.enterpriseAdmin);
    if (!leaver) throw new Error('the tiny preset has no licensed member to deactivate');
    const deactivated = await fetch(
      `${first.url}/1/enterprises/${info.enterpriseId}/members/${leaver.id}/deactivated?value=true&${auth}`,
      { method: 'PUT' },
    );
    expect(deactivated.status).toBe(200);
    const before = await state(first.url);

    await first.stop('SIGKILL');
    const second = await startSimulatorProcess(cli, args);
    const after = await state(second.url);
    expect(after).toEqual(before);
    expect(
      (after.members as Array<{ email: string }>).filter((m) => m.email === 'crash.hire@example.com'),
    ).toHaveLength(1);

    await second.stop('SIGTERM');
    expect(readFileSync(`${file}.journal`, 'utf8').trim().split('\n')).toHaveLength(1); // the header only
    const third = await startTrelloSimulator({ stateFile: file, rateLimits: false });
    try {
      const { derived: _, ...model } = before;
      expect(JSON.parse(third.state.snapshotJson())).toEqual(model);
    } finally {
      await third.close();
    }
  });
});
