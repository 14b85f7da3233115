/**
 * The production Trello adapter against the real simulator over HTTP (no mocks): every port
 * method, every named error, pacing under the limits, faults, exact-email matching.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AdminHubManagedError,
  LastBoardAdminError,
  MemberDeactivatedError,
  SeatsExhaustedError,
  TrelloAuthFailedError,
  TrelloNotFoundError,
  TrelloRateLimitedError,
  TrelloResponseInvalidError,
  TrelloUnavailableError,
} from '../../../../functions/core/errors.ts';
import { startTrelloFixture, type TrelloFixture } from '../../../support/trello-sim.ts';

interface SimMember {
  id: string;
  email: string;
}
interface SimBoard {
  id: string;
}

let t: TrelloFixture;
beforeAll(async () => {
  t = await startTrelloFixture({ rateLimits: false });
});
afterAll(() => t.close());
beforeEach(async () => {
  t.sim.reseed('tiny', 1, new Date('2026-11-01T00:00:00Z'));
  await t.control('DELETE', '/faults');
});

async function addMember(body: Record<string, unknown>): Promise<SimMember> {
  return t.control<SimMember>('POST', '/members', body);
}

describe('reads', () => {
  it('finds a member by exact email, ignoring prefix matches and case', async () => {
    const exact = await addMember({ email: 'ana@example.com', fullName: 'Ana Lima' });
    await addMember({ email: 'ana@example.com.br', fullName: 'Ana Other' });
    await addMember({ email: 'anabel@example.com', fullName: 'Anabel Cruz' });
    const found = await t.admin().findMemberByEmail('ANA@Example.com');
    expect(found).toMatchObject({
      memberId: exact.id,
      email: 'ana@example.com',
      managed: true,
      licensed: false,
    });
  });

  it('finds a board guest on an unclaimed domain', async () => {
    const board = await t.control<SimBoard>('POST', '/boards', {
      name: 'Launch',
      idOrganization: t.defaultWorkspaceId,
    });
    const guest = await addMember({
      email: 'pat@partner.example.net',
      fullName: 'Pat Guest',
      boards: [{ idBoard: board.id, type: 'normal' }],
    });
    const found = await t.admin().findMemberByEmail('pat@partner.example.net');
    expect(found).toMatchObject({ memberId: guest.id, managed: false, collaborator: true, licensed: false });
  });

  it('answers null for an unknown person', async () => {
    expect(await t.admin().findMemberByEmail('nobody@example.com')).toBeNull();
  });

  it('pages members/query with the cursor in both styles the client accepts', async () => {
    for (let i = 0; i < 230; i++)
      await addMember({ email: `bulk${i}@example.com`, fullName: `Bulk ${i}`, licensed: false });
    for (const style of ['last-row', 'wrapper'] as const) {
      await t.control('POST', '/enterprise', { queryCursorStyle: style, maxMembers: 1000 });
      const ids = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await t.admin().queryMembers({ managed: true }, cursor);
        for (const m of page.members) ids.add(m.memberId);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(ids.size, style).toBeGreaterThan(230);
      expect(pages, style).toBeGreaterThanOrEqual(3);
    }
  });

  it('fails with a clear error, instead of looping, when Trello ignores the members/query cursor', async () => {
    // `search` is a prefix match: 120 licensed members' emails start with "loop@example.com", so
    // looking that address up needs a second page.
    await t.control('POST', '/enterprise', { maxMembers: 1000 });
    for (let i = 0; i < 120; i++)
      await addMember({ email: `loop@example.company${i}.org`, fullName: `Loop ${i}`, licensed: true });
    await t.control('POST', '/enterprise', { ignoreQueryCursor: true });
    const admin = t.admin();
    const lookup = admin.findMemberByEmail('loop@example.com');
    await expect(lookup).rejects.toThrow(TrelloResponseInvalidError);
    await expect(admin.findMemberByEmail('loop@example.com')).rejects.toThrow(
      /GET \/enterprises\/\{id\}\/members\/query .*cursor.*paging stopped instead of looping/,
    );
    const first = await admin.queryMembers({ licensed: true });
    expect(first.nextCursor).not.toBeNull();
    await expect(admin.queryMembers({ licensed: true }, first.nextCursor)).rejects.toThrow(
      /does not honour the cursor/,
    );
    for (const style of ['last-row', 'wrapper'] as const) {
      await t.control('POST', '/enterprise', { queryCursorStyle: style });
      await expect(admin.findMemberByEmail('loop@example.com'), style).rejects.toThrow(
        TrelloResponseInvalidError,
      );
    }
    // The same lookup pages to the end once Trello honours the cursor.
    await t.control('POST', '/enterprise', { ignoreQueryCursor: false, queryCursorStyle: 'last-row' });
    expect(await admin.findMemberByEmail('loop@example.com')).toBeNull();
    expect(await admin.findMemberByEmail('loop@example.company119.org')).toMatchObject({
      email: 'loop@example.company119.org',
    });
  });

  it('reads seats as max, used and available', async () => {
    await t.control('POST', '/enterprise', { maxMembers: 20 });
    const seats = await t.admin().seats();
    expect(seats.max).toBe(20);
    expect(seats.available).toBe(20 - seats.used);
  });
});

describe('license and deactivation writes', () => {
  it('grants a seat (adding the default Workspace) and revokes it (which deactivates)', async () => {
    const m = await addMember({ email: 'new.hire@example.com', fullName: 'New Hire' });
    const admin = t.admin();
    const before = await admin.seats();
    expect(await admin.setLicensed(m.id, true)).toEqual({ deactivated: false });
    expect(await admin.findMemberByEmail(m.email)).toMatchObject({ licensed: true });
    expect((await admin.seats()).used).toBe(before.used + 1);
    expect(await admin.memberWorkspaceIds(m.id)).toContain(t.defaultWorkspaceId);
    // The write's answer is the read-back the sweep relies on: the member, deactivated here.
    expect(await admin.setLicensed(m.id, false)).toEqual({ deactivated: true });
    expect(await admin.findMemberByEmail(m.email)).toMatchObject({ licensed: false, deactivated: true });
    expect((await admin.seats()).used).toBe(before.used);
  });

  it('fails a grant with SeatsExhausted when no seat is left', async () => {
    const m = await addMember({ email: 'late@example.com', fullName: 'Late Hire' });
    const seats = await t.admin().seats();
    await t.control('POST', '/enterprise', { maxMembers: seats.used });
    await expect(t.admin().setLicensed(m.id, true)).rejects.toThrow(SeatsExhaustedError);
    await expect(t.admin().setLicensed(m.id, true)).rejects.toThrow(/Add seats or reclaim idle ones/);
  });

  it('refuses to license a deactivated member, and reactivation does not re-license', async () => {
    const m = await addMember({ email: 'gone@example.com', fullName: 'Gone Away', deactivated: true });
    await expect(t.admin().setLicensed(m.id, true)).rejects.toThrow(MemberDeactivatedError);
    await t.admin().setDeactivated(m.id, false);
    expect(await t.admin().findMemberByEmail(m.email)).toMatchObject({ deactivated: false, licensed: false });
  });

  it('maps AdminHub refusals to AdminHubManaged', async () => {
    const m = await addMember({ email: 'hub@example.com', fullName: 'Hub User', licensed: true });
    await t.control('POST', '/enterprise', { adminHub: true });
    await expect(t.admin().setLicensed(m.id, false)).rejects.toThrow(AdminHubManagedError);
    await expect(t.admin().setDeactivated(m.id, true)).rejects.toThrow(AdminHubManagedError);
  });

  it('maps an unknown member to TrelloNotFound', async () => {
    await expect(t.admin().setLicensed('5abbe4b7ddc1b351ef961414', true)).rejects.toThrow(
      TrelloNotFoundError,
    );
  });
});

describe('Workspaces', () => {
  it('invites a new person once, creating one unconfirmed account with a seat', async () => {
    const admin = t.admin();
    const workspace = t.defaultWorkspaceId as string;
    await admin.inviteToWorkspace(
      workspace,
      { email: 'fresh@example.com', fullName: ' Fresh Face ' },
      'normal',
    );
    await admin.inviteToWorkspace(
      workspace,
      { email: 'fresh@example.com', fullName: 'Fresh Face' },
      'normal',
    );
    const invited = await admin.findMemberByEmail('fresh@example.com');
    expect(invited).toMatchObject({ confirmed: false, licensed: true });
    const members = await admin.workspaceMembers(workspace);
    expect(members.filter((m) => m.memberId === invited?.memberId)).toHaveLength(1);
  });

  it('adds to and removes from a Workspace', async () => {
    const m = await addMember({ email: 'mover@example.com', fullName: 'Mover', licensed: true });
    const org = await t.control<{ id: string }>('POST', '/organizations', {
      displayName: 'Design Team',
      enterprise: true,
    });
    await t.admin().addToWorkspace(org.id, m.id, 'normal');
    expect(await t.admin().memberWorkspaceIds(m.id)).toContain(org.id);
    await t.admin().removeFromWorkspace(org.id, m.id);
    expect(await t.admin().memberWorkspaceIds(m.id)).not.toContain(org.id);
  });

  it('lists claimable and pending Workspaces and transfers one', async () => {
    const admin = t.admin();
    const claimable = await admin.claimableWorkspaces();
    const pending = await admin.pendingWorkspaces();
    expect(claimable.length).toBeGreaterThan(0);
    expect(pending.length).toBeGreaterThan(0);
    await t.control('POST', '/enterprise', { maxMembers: 1000 });
    const target = claimable[0]?.id as string;
    await admin.transferWorkspace(target);
    expect((await admin.claimableWorkspaces()).map((w) => w.id)).not.toContain(target);
  });
});

describe('boards and tokens', () => {
  it('finds sole-admin boards, promotes a successor, and refuses to leave a board without admin', async () => {
    const leaver = await addMember({ email: 'leaver@example.com', fullName: 'Lee Ver', licensed: true });
    const peer = await addMember({ email: 'peer@example.com', fullName: 'Pe Er', licensed: true });
    const sole = await t.control<SimBoard>('POST', '/boards', {
      name: 'Sole',
      idOrganization: t.defaultWorkspaceId,
      members: [
        { idMember: leaver.id, type: 'admin' },
        { idMember: peer.id, type: 'normal' },
      ],
    });
    await t.control<SimBoard>('POST', '/boards', {
      name: 'Shared',
      idOrganization: t.defaultWorkspaceId,
      members: [
        { idMember: leaver.id, type: 'admin' },
        { idMember: peer.id, type: 'admin' },
      ],
    });
    const admin = t.admin();
    expect(await admin.boardMemberships(sole.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ memberId: leaver.id, type: 'admin', deactivated: false }),
        expect.objectContaining({ memberId: peer.id, type: 'normal' }),
      ]),
    );
    const boards = await admin.soleAdminBoards(leaver.id);
    expect(boards.map((b) => b.board.name)).toEqual(['Sole']);
    expect(boards[0]?.otherMembers.map((m) => m.memberId)).toEqual([peer.id]);
    await expect(admin.setBoardMemberType(sole.id, leaver.id, 'normal')).rejects.toThrow(LastBoardAdminError);
    await admin.setBoardMemberType(sole.id, peer.id, 'admin');
    await admin.setBoardMemberType(sole.id, leaver.id, 'normal');
    expect(await admin.soleAdminBoards(leaver.id)).toEqual([]);
    expect((await admin.memberBoards(leaver.id)).map((b) => b.name).sort()).toEqual(['Shared', 'Sole']);
  });

  it('lists a member’s tokens and deletes a token it holds the value of', async () => {
    const m = await addMember({ email: 'tokens@example.com', fullName: 'Tok En', licensed: true });
    const created = await t.control<{ id: string; value: string }>('POST', '/tokens', {
      idMember: m.id,
      kind: 'power-up',
    });
    const admin = t.admin();
    expect((await admin.memberTokens(m.id)).map((x) => x.id)).toContain(created.id);
    await admin.deleteToken(created.value);
    expect((await admin.memberTokens(m.id)).map((x) => x.id)).not.toContain(created.id);
    await expect(admin.deleteToken(created.value)).rejects.toThrow(TrelloNotFoundError);
  });
});

describe('auth and secrets', () => {
  it('maps a wrong token to TrelloAuthFailed without putting key or token in the message', async () => {
    const wrongToken = 'f'.repeat(64);
    const error = await t
      .admin({ apiToken: wrongToken })
      .seats()
      .then(
        () => new Error('expected a failure'),
        (e: unknown) => e as Error,
      );
    expect(error).toBeInstanceOf(TrelloAuthFailedError);
    expect(error.message).toMatch(/invalid token/);
    expect(error.message).not.toContain(wrongToken);
    expect(error.message).not.toContain(t.sim.info().apiKey);
  });
});

describe('faults and rate limits', () => {
  it('rides out 30% injected 5xx with retries', async () => {
    await t.control('POST', '/faults', { seed: 7, serverErrorRate: 0.3 });
    t.sim.resetCalls();
    const admin = t.admin({ maxAttempts: 8 });
    for (let i = 0; i < 30; i++) await admin.seats();
    const statuses = t.sim.calls().byRoute['GET /1/enterprises/{id}']?.statuses ?? {};
    const failures = (statuses['500'] ?? 0) + (statuses['502'] ?? 0) + (statuses['503'] ?? 0);
    expect(failures).toBeGreaterThan(0);
    expect(statuses['200']).toBe(30);
  });

  it('gives up with TrelloUnavailable when Trello keeps failing, and with TrelloRateLimited on endless 429s', async () => {
    await t.control('POST', '/faults', { seed: 1, serverErrorRate: 1 });
    await expect(t.admin({ maxAttempts: 3 }).seats()).rejects.toThrow(TrelloUnavailableError);
    await t.control('POST', '/faults', { seed: 1, rateLimitRate: 1 });
    await expect(t.admin({ maxAttempts: 3 }).seats()).rejects.toThrow(TrelloRateLimitedError);
  });

  it('times out a hanging request as TrelloUnavailable', async () => {
    await t.control('POST', '/faults', { seed: 1, timeoutRate: 1, timeoutMs: 2_000 });
    await expect(t.admin({ maxAttempts: 2, timeoutMs: 200 }).seats()).rejects.toThrow(
      /did not answer .* within 200 ms/,
    );
  });
});
