import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoardRecord } from '../../../../infra/local/simulators/trello/state-schema.ts';
import { type Harness, startHarness, type Wire } from './sim-harness.ts';

describe('Trello simulator: boards and board memberships', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  /** An Enterprise board with exactly one active admin, plus another licensed member to promote. */
  const soleAdminBoard = (): { board: BoardRecord; adminId: string; otherId: string } => {
    const snapshot = h.sim.state.snapshot();
    for (const board of snapshot.boards) {
      const record = h.sim.state.board(board.id);
      if (!record || !h.sim.state.isEnterpriseBoard(record)) continue;
      const admins = board.memberships.filter((ms) => ms.memberType === 'admin' && !ms.deactivated);
      const other = snapshot.members.find(
        (m) =>
          m.licensed &&
          !m.enterpriseAdmin &&
          !m.deactivated &&
          !board.memberships.some((ms) => ms.idMember === m.id),
      );
      const [admin] = admins;
      if (admins.length === 1 && admin && other) return { board, adminId: admin.idMember, otherId: other.id };
    }
    throw new Error('tiny has a sole-admin board');
  };

  it("lists a member's boards with the requested fields and memberships", async () => {
    const { board, adminId } = soleAdminBoard();
    const res = await h.api('GET', `/1/members/${adminId}/boards`, {
      filter: 'open',
      fields: 'id,name,idOrganization,memberships',
    });
    expect(res.status).toBe(200);
    const found = res.body.find((b: Wire) => b.id === board.id);
    expect(Object.keys(found).sort()).toEqual(['id', 'idOrganization', 'memberships', 'name']);
    expect(found.memberships).toContainEqual(
      expect.objectContaining({
        idMember: adminId,
        memberType: 'admin',
        deactivated: false,
        unconfirmed: false,
      }),
    );
    const bad = await h.api('GET', `/1/members/${adminId}/boards`, { fields: 'nope' });
    expect(bad.status).toBe(400);
  });

  it('answers a Board with url, shortUrl and prefs.permissionLevel', async () => {
    const publicBoard = h.sim.state.boards().find((b) => b.permissionLevel === 'public');
    if (!publicBoard) throw new Error('tiny has a public board');
    const res = await h.api('GET', `/1/boards/${publicBoard.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: publicBoard.id,
      name: publicBoard.name,
      closed: false,
      idOrganization: publicBoard.idOrganization,
      shortUrl: `https://trello.com/b/${publicBoard.shortLink}`,
      prefs: { permissionLevel: 'public' },
    });
    expect(res.body.url).toMatch(new RegExp(`^https://trello.com/b/${publicBoard.shortLink}/`));
  });

  it('filters board memberships to admins and nests the member when asked', async () => {
    const { board, adminId } = soleAdminBoard();
    const res = await h.api('GET', `/1/boards/${board.id}/memberships`, { filter: 'admins', member: true });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ idMember: adminId, memberType: 'admin', member: { id: adminId } });
    expect(Object.keys(res.body[0].member).sort()).toEqual(['fullName', 'id', 'username']);
    expect((await h.api('GET', `/1/boards/${board.id}/memberships`, { filter: 'none' })).body).toEqual([]);
  });

  it('rejects demoting or removing the last active admin, then allows it after a promotion', async () => {
    const { board, adminId, otherId } = soleAdminBoard();
    const demote = await h.api('PUT', `/1/boards/${board.id}/members/${adminId}`, { type: 'normal' });
    expect(demote.status).toBe(403);
    expect(demote.body.code).toBe('LAST_BOARD_ADMIN');
    const remove = await h.api('DELETE', `/1/boards/${board.id}/members/${adminId}`);
    expect(remove.status).toBe(403);

    const promote = await h.api('PUT', `/1/boards/${board.id}/members/${otherId}`, { type: 'admin' });
    expect(promote.status).toBe(200);
    expect(promote.body.memberships).toContainEqual(
      expect.objectContaining({ idMember: otherId, memberType: 'admin' }),
    );
    const removed = await h.api('DELETE', `/1/boards/${board.id}/members/${adminId}`);
    expect(removed.status).toBe(200);
    expect(removed.body.memberships.map((ms: Wire) => ms.idMember)).not.toContain(adminId);
    expect((await h.api('DELETE', `/1/boards/${board.id}/members/${adminId}`)).status).toBe(404);
  });

  it('rejects a missing or unknown board member type', async () => {
    const { board, otherId } = soleAdminBoard();
    for (const type of [undefined, 'owner']) {
      const res = await h.api('PUT', `/1/boards/${board.id}/members/${otherId}`, { type });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('invalid value for type');
    }
  });

  it('makes an outside person added to an Enterprise board a board guest (collaborator)', async () => {
    const { board } = soleAdminBoard();
    const person = (
      await h.control('POST', '/people/login', { email: 'visitor@agency.test', fullName: 'Vi Sitor' })
    ).body.member;
    const before = await h.api('GET', `/1/enterprises/${h.enterpriseId}/members/query`, {
      collaborator: true,
      search: 'visitor@',
    });
    expect(before.body).toEqual([]);
    expect(
      (await h.api('PUT', `/1/boards/${board.id}/members/${person.id}`, { type: 'observer' })).status,
    ).toBe(200);
    const after = await h.api('GET', `/1/enterprises/${h.enterpriseId}/members/query`, {
      collaborator: true,
      search: 'visitor@',
    });
    expect(after.body).toHaveLength(1);
    expect(after.body[0]).toMatchObject({ collaborator: true, licensed: false, managed: false });
  });

  it("refuses a non-admin's board changes with 401", async () => {
    const { board, otherId } = soleAdminBoard();
    const token = (await h.control('POST', '/tokens', { idMember: otherId, kind: 'api' })).body.value;
    const res = await h.api('PUT', `/1/boards/${board.id}/members/${otherId}`, { type: 'admin' }, { token });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('unauthorized permission requested');
  });
});
