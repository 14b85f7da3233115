import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, type Wire } from './sim-harness.ts';

describe('Trello simulator: control plane', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const queryRow = async (email: string, association: Record<string, boolean> = { managed: true }) =>
    (await h.api('GET', `/1/enterprises/${h.enterpriseId}/members/query`, { ...association, search: email }))
      .body[0] as Wire;

  it('answers /_sim/info with the ids and credentials of the loaded seed', async () => {
    const info = (await h.control('GET', '/info')).body;
    expect(info).toMatchObject({ preset: 'tiny', seed: 1, members: 16, enterpriseId: h.enterpriseId });
    expect(info.apiKey).toMatch(/^[0-9a-f]{32}$/);
    expect(info.adminToken).toMatch(/^[0-9a-f]{64}$/);
    expect(info.defaultWorkspaceId).toMatch(/^[0-9a-f]{24}$/);
  });

  it('creates a confirmed free managed account on first login, and only records activity after', async () => {
    await h.control('POST', '/clock', { now: '2026-06-01T12:00:00Z' });
    const first = (
      await h.control('POST', '/people/login', { email: 'Fresh.Face@example.com', fullName: 'Fresh Face' })
    ).body;
    expect(first).toMatchObject({
      created: true,
      member: { confirmed: true, managed: true, licensed: false },
    });
    expect(await queryRow('fresh.face@example.com')).toMatchObject({
      managed: true,
      licensed: false,
      member: { dateLastImpression: '2026-06-01T12:00:00.000Z', confirmed: true },
    });
    await h.control('POST', '/clock', { now: '2026-06-02T08:00:00Z' });
    const again = (await h.control('POST', '/people/login', { email: 'fresh.face@example.com' })).body;
    expect(again).toMatchObject({ created: false, member: { id: first.member.id } });
    expect((await queryRow('fresh.face@')).member.dateLastImpression).toBe('2026-06-02T08:00:00.000Z');
  });

  it('leaves a first login from an unclaimed domain outside the enterprise', async () => {
    const res = (await h.control('POST', '/people/login', { email: 'someone@elsewhere.test' })).body;
    expect(res.member.managed).toBe(false);
    expect(await queryRow('someone@', { collaborator: true })).toBeUndefined();
    expect((await h.api('GET', `/1/enterprises/${h.enterpriseId}/members/${res.member.id}`)).status).toBe(
      404,
    );
  });

  it('confirms an invitee on login or accept-invite', async () => {
    const invited = (
      await h.api('PUT', `/1/organizations/${h.sim.info().defaultWorkspaceId}/members`, {
        email: 'invitee.one@example.com',
        fullName: 'Invitee One',
      })
    ).body.members[0];
    await h.control('POST', '/people/login', { email: 'invitee.one@example.com' });
    expect(await queryRow('invitee.one@')).toMatchObject({
      member: { confirmed: true, memberType: 'normal' },
    });

    const ghost = h.sim.state.snapshot().members.find((m) => !m.confirmed);
    if (!ghost) throw new Error('tiny has an unconfirmed invitee');
    const accepted = await h.control('POST', `/members/${ghost.id}/accept-invite`);
    expect(accepted.body).toMatchObject({ id: ghost.id, confirmed: true });
    const memberships = (
      await h.api('GET', `/1/organizations/${h.sim.info().defaultWorkspaceId}/memberships`)
    ).body;
    expect(memberships.find((ms: Wire) => ms.idMember === ghost.id)).toMatchObject({ unconfirmed: false });
    expect(invited.id).not.toBe(ghost.id);
  });

  it('records activity at a given instant', async () => {
    const m = h.sim.state.snapshot().members.find((x) => x.licensed && !x.enterpriseAdmin);
    const res = await h.control('POST', `/members/${m?.id}/activity`, { at: '2026-01-02T03:04:05Z' });
    expect(res.body.dateLastImpression).toBe('2026-01-02T03:04:05.000Z');
  });

  it('adds an arbitrary member and board for a test', async () => {
    const org = h.sim.info().defaultWorkspaceId;
    const member = (
      await h.control('POST', '/members', {
        email: 'qa.person@example.com',
        fullName: 'QA Person',
        workspaces: [{ idOrganization: org, type: 'normal' }],
      })
    ).body;
    expect(member).toMatchObject({ licensed: true, managed: true, idOrganizations: [org] });
    const board = (
      await h.control('POST', '/boards', {
        name: 'QA',
        idOrganization: org,
        members: [{ idMember: member.id, type: 'admin' }],
      })
    ).body;
    expect(board.memberships).toEqual([
      expect.objectContaining({ idMember: member.id, memberType: 'admin' }),
    ]);
    expect((await h.api('GET', `/1/boards/${board.id}`)).body.name).toBe('QA');
    const duplicate = await h.control('POST', '/members', {
      email: 'QA.person@example.com',
      fullName: 'Again',
    });
    expect(duplicate.status).toBe(409);
  });

  it.each([
    ['/people/login', { email: 'not-an-email' }],
    ['/members', { email: 'a@example.com' }],
    ['/enterprise', { maxMembers: -1 }],
    ['/enterprise', { surprise: true }],
    ['/clock', { now: 'yesterday' }],
    ['/seed', { preset: 'huge' }],
    ['/rate-limits', { timeScale: 0 }],
  ])('rejects a bad body on POST %s with 400', async (path, body) => {
    const res = await h.control('POST', path, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    expect(typeof res.body.message).toBe('string');
  });

  it('rejects a body that is not JSON', async () => {
    const res = await fetch(`${h.sim.url}/_sim/enterprise`, { method: 'POST', body: '{nope' });
    expect(res.status).toBe(400);
  });

  it('reloads a preset with POST /_sim/seed', async () => {
    const info = (await h.control('POST', '/seed', { preset: 'demo', seed: 2 })).body;
    expect(info).toMatchObject({ preset: 'demo', seed: 2 });
    expect(info.members).toBe(300);
    const res = await h.api(
      'GET',
      `/1/enterprises/${info.enterpriseId}`,
      {},
      { key: info.apiKey, token: info.adminToken },
    );
    expect(res.status).toBe(200);
    expect((await h.api('GET', `/1/enterprises/${info.enterpriseId}`)).status).toBe(401);
  });

  it('answers unknown control-plane routes with a JSON 404', async () => {
    const res = await h.control('GET', '/nothing');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});
