import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemberRecord } from '../../../../infra/local/simulators/trello/state-schema.ts';
import { type Harness, startHarness } from './sim-harness.ts';

describe('Trello simulator: licenses, deactivation and AdminHub', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const members = () => h.sim.state.snapshot().members;
  const find = (predicate: (m: MemberRecord) => boolean): MemberRecord => {
    const m = members().find(predicate);
    if (!m) throw new Error('tiny preset lacks a member of that kind');
    return m;
  };
  const freeManaged = () => find((m) => m.email.endsWith('@example.com') && !m.licensed && !m.deactivated);
  const licensedMember = () => find((m) => m.licensed && !m.enterpriseAdmin && m.confirmed);
  const seats = async () => (await h.api('GET', `/1/enterprises/${h.enterpriseId}`)).body.licenses;
  const memberPath = (id: string, what: string) => `/1/enterprises/${h.enterpriseId}/members/${id}/${what}`;
  const row = async (m: MemberRecord) =>
    (await h.api('GET', `/1/enterprises/${h.enterpriseId}/members/query`, { managed: true, search: m.email }))
      .body[0];

  it('grants a seat to a free managed account and adds it to the default Workspace', async () => {
    const m = freeManaged();
    const before = await seats();
    const res = await h.api('PUT', memberPath(m.id, 'licensed'), { value: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: m.id, fullName: m.fullName, memberType: 'normal', confirmed: true });
    expect((await seats()).totalMembers).toBe(before.totalMembers + 1);
    expect(res.body.idOrganizations).toContain(h.sim.info().defaultWorkspaceId);
    expect(await row(m)).toMatchObject({ licensed: true, managed: true, deactivated: false });
  });

  it('treats a grant to an already licensed member as a no-op that takes no seat', async () => {
    const m = licensedMember();
    const before = await seats();
    const res = await h.api('PUT', memberPath(m.id, 'licensed'), { value: true });
    expect(res.status).toBe(200);
    expect(await seats()).toEqual(before);
  });

  it('grants a seat to a board guest, who stops being a collaborator', async () => {
    const guest = find((m) => m.email.endsWith('.test') || m.email.endsWith('.example.net'));
    expect(await row(guest)).toBeUndefined();
    const before = (
      await h.api('GET', `/1/enterprises/${h.enterpriseId}/members/query`, {
        collaborator: true,
        search: guest.email,
      })
    ).body;
    expect(before[0]).toMatchObject({ collaborator: true, licensed: false });
    const res = await h.api('PUT', memberPath(guest.id, 'licensed'), { value: true });
    expect(res.status).toBe(200);
    const after = (
      await h.api('GET', `/1/enterprises/${h.enterpriseId}/members/query`, {
        licensed: true,
        search: guest.email,
      })
    ).body;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ licensed: true, collaborator: false, managed: false });
  });

  it('fails a grant with 403 LICENSE_LIMIT_EXCEEDED when no seat is left, changing nothing', async () => {
    const { totalMembers } = await seats();
    await h.control('POST', '/enterprise', { maxMembers: totalMembers });
    const m = freeManaged();
    const res = await h.api('PUT', memberPath(m.id, 'licensed'), { value: true });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('LICENSE_LIMIT_EXCEEDED');
    expect(res.body.message).toMatch(/no licenses available/);
    expect((await seats()).totalMembers).toBe(totalMembers);
    expect(await row(m)).toMatchObject({ licensed: false });
  });

  it('revokes a seat: frees it and deactivates the member, keeping board memberships flagged', async () => {
    const m = find(
      (x) => x.licensed && !x.enterpriseAdmin && x.confirmed && h.sim.state.boardIdsOf(x.id).length > 0,
    );
    const before = await seats();
    const res = await h.api('PUT', memberPath(m.id, 'licensed'), { value: false });
    expect(res.status).toBe(200);
    expect(res.body.idEnterprisesDeactivated).toEqual([h.enterpriseId]);
    expect((await seats()).totalMembers).toBe(before.totalMembers - 1);
    expect(await row(m)).toMatchObject({ licensed: false, deactivated: true });
    const boardId = h.sim.state.boardIdsOf(m.id)[0];
    const memberships = (await h.api('GET', `/1/boards/${boardId}/memberships`)).body;
    expect(memberships.find((ms: { idMember: string }) => ms.idMember === m.id)).toMatchObject({
      deactivated: true,
    });
  });

  it('deactivates (seat freed) and reactivates without re-licensing', async () => {
    const m = licensedMember();
    const before = await seats();
    expect((await h.api('PUT', memberPath(m.id, 'deactivated'), { value: true })).status).toBe(200);
    expect((await seats()).totalMembers).toBe(before.totalMembers - 1);
    expect(await row(m)).toMatchObject({ licensed: false, deactivated: true });
    expect((await h.api('PUT', memberPath(m.id, 'deactivated'), { value: false })).status).toBe(200);
    expect(await row(m)).toMatchObject({ licensed: false, deactivated: false });
    expect((await seats()).totalMembers).toBe(before.totalMembers - 1);
  });

  it('rejects a grant to a deactivated member until it is reactivated', async () => {
    const m = find((x) => x.deactivated);
    const refused = await h.api('PUT', memberPath(m.id, 'licensed'), { value: true });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('MEMBER_DEACTIVATED');
    expect((await h.api('PUT', memberPath(m.id, 'deactivated'), { value: false })).status).toBe(200);
    expect((await h.api('PUT', memberPath(m.id, 'licensed'), { value: true })).status).toBe(200);
    expect(await row(m)).toMatchObject({ licensed: true, deactivated: false });
  });

  it.each([
    ['missing', undefined],
    ['not a boolean', 'yes'],
  ])('rejects a %s value with 400', async (_label, value) => {
    const m = licensedMember();
    for (const what of ['licensed', 'deactivated']) {
      const res = await h.api('PUT', memberPath(m.id, what), { value });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 'INVALID_VALUE', message: 'invalid value for value' });
    }
  });

  it('answers 404 for people outside the enterprise and a Member for those inside', async () => {
    const outsider = find((m) => m.email.endsWith('@contractor.example.org'));
    expect((await h.api('GET', `/1/enterprises/${h.enterpriseId}/members/${outsider.id}`)).status).toBe(404);
    expect((await h.api('PUT', memberPath(outsider.id, 'licensed'), { value: true })).status).toBe(404);
    const inside = licensedMember();
    const res = await h.api('GET', `/1/enterprises/${h.enterpriseId}/members/${inside.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: inside.id, idEnterprise: h.enterpriseId, email: inside.email });
  });

  it('refuses revocation and deactivation under AdminHub, but still grants', async () => {
    await h.control('POST', '/enterprise', { adminHub: true });
    const m = licensedMember();
    const revoke = await h.api('PUT', memberPath(m.id, 'licensed'), { value: false });
    expect(revoke.status).toBe(403);
    expect(revoke.body.message).toMatch(/opted in to user management via AdminHub/);
    const deactivate = await h.api('PUT', memberPath(m.id, 'deactivated'), { value: true });
    expect(deactivate.status).toBe(403);
    expect(deactivate.body.message).toMatch(/^Deactivation is not possible/);
    expect(await row(m)).toMatchObject({ licensed: true, deactivated: false });
    expect((await h.api('PUT', memberPath(freeManaged().id, 'licensed'), { value: true })).status).toBe(200);
  });
});
