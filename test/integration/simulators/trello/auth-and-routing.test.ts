import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './sim-harness.ts';

describe('Trello simulator: auth, errors and routing', () => {
  let h: Harness;
  let memberToken: string;
  let memberId: string;

  beforeAll(async () => {
    h = await startHarness();
    const plain = h.sim.state.snapshot().members.find((m) => m.licensed && !m.enterpriseAdmin && m.confirmed);
    if (!plain) throw new Error('tiny preset has a licensed non-admin member');
    memberId = plain.id;
    memberToken = (await h.control('POST', '/tokens', { idMember: plain.id, kind: 'api' })).body.value;
  });
  afterAll(() => h.close());

  const enterprisePath = () => `/1/enterprises/${h.enterpriseId}`;

  it('rejects a request without a key with 401 "invalid key"', async () => {
    const res = await h.api('GET', enterprisePath(), {}, { key: null });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'UNAUTHORIZED', message: 'invalid key' });
  });

  it('rejects a wrong key with 401 "invalid key"', async () => {
    const res = await h.api('GET', enterprisePath(), {}, { key: '0'.repeat(32) });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('invalid key');
  });

  it.each([
    ['missing', null],
    ['unknown', 'f'.repeat(64)],
  ])('rejects a %s token with 401 "invalid token"', async (_label, token) => {
    const res = await h.api('GET', enterprisePath(), {}, { token });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'UNAUTHORIZED', message: 'invalid token' });
  });

  it('rejects a token expired on the sim clock', async () => {
    const token = (
      await h.control('POST', '/tokens', {
        idMember: memberId,
        kind: 'api',
        dateExpires: '2020-01-01T00:00:00Z',
      })
    ).body.value;
    const res = await h.api('GET', `/1/members/${memberId}`, {}, { token });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('invalid token');
  });

  it('rejects a non-admin token on enterprise routes with "unauthorized permission requested"', async () => {
    for (const path of [enterprisePath(), `${enterprisePath()}/members/query`]) {
      const res = await h.api('GET', path, { licensed: true }, { token: memberToken });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'UNAUTHORIZED', message: 'unauthorized permission requested' });
    }
  });

  it('rejects malformed ids with 400 "invalid id" and unknown ones with 404 "model not found"', async () => {
    const malformed = await h.api('GET', '/1/enterprises/not-an-id');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ code: 'INVALID_ID', message: 'invalid id' });
    const unknown = await h.api('GET', `/1/enterprises/${'a'.repeat(24)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 'NOT_FOUND', message: 'model not found' });
    const board = await h.api('GET', `/1/boards/${'b'.repeat(24)}`);
    expect(board.status).toBe(404);
  });

  it('answers unknown routes and trailing-slash variants with a JSON 404', async () => {
    for (const path of ['/1/nothing/here', `${enterprisePath()}/`, '/elsewhere']) {
      const res = await h.api('GET', path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: 'NOT_FOUND', message: 'route not found' });
    }
  });

  it('answers the Enterprise with seat counts in licenses and prefs', async () => {
    const res = await h.api('GET', enterprisePath());
    expect(res.status).toBe(200);
    const snapshot = h.sim.state.snapshot();
    const licensed = snapshot.members.filter((m) => m.licensed).length;
    expect(res.body).toMatchObject({
      id: h.enterpriseId,
      displayName: 'Example Co',
      licenses: {
        maxMembers: snapshot.enterprise.maxMembers,
        totalMembers: licensed,
        relatedEnterprises: [],
      },
      prefs: { maxMembers: snapshot.enterprise.maxMembers },
      enterpriseDomains: ['example.com'],
      domains: ['example.com'],
    });
    expect(res.body.idAdmins).toContain(h.sim.info().serviceAccountId);
    const projected = await h.api('GET', enterprisePath(), { fields: 'licenses,displayName' });
    expect(Object.keys(projected.body).sort()).toEqual(['displayName', 'id', 'licenses']);
  });

  it('never echoes the key or token values in responses', async () => {
    const responses = await Promise.all([
      h.api('GET', enterprisePath()),
      h.api('GET', `/1/members/${h.sim.info().serviceAccountId}/tokens`),
      h.api('GET', `/1/tokens/${h.adminToken}`),
      h.api('DELETE', `/1/tokens/${'e'.repeat(64)}/`),
      h.api('GET', '/1/unknown', {}, { token: 'not-a-token' }),
    ]);
    for (const res of responses) {
      expect(res.text).not.toContain(h.apiKey);
      expect(res.text).not.toContain(h.adminToken);
    }
  });

  it('counts every /1 request per method and route template', async () => {
    await h.control('POST', '/calls/reset');
    await h.api('GET', `/1/members/${memberId}`);
    await h.api('GET', `/1/members/${memberId}`);
    await h.api('PUT', `${enterprisePath()}/members/${memberId}/licensed`, { value: true });
    await h.api('GET', '/1/nothing');
    await h.control('GET', '/info');
    const calls = (await h.control('GET', '/calls')).body;
    expect(calls.total).toBe(4);
    expect(calls.writes).toBe(1);
    expect(calls.successfulWrites).toBe(1);
    expect(calls.byRoute['GET /1/members/{id}']).toEqual({ count: 2, statuses: { '200': 2 } });
    expect(calls.byRoute['PUT /1/enterprises/{id}/members/{idMember}/licensed']).toEqual({
      count: 1,
      statuses: { '200': 1 },
    });
    expect(calls.byRoute['GET (unmatched)']).toEqual({ count: 1, statuses: { '404': 1 } });
  });

  it('shows emails to enterprise admins and to the member, not to other members', async () => {
    const other = h.sim.state
      .snapshot()
      .members.find((m) => m.licensed && !m.enterpriseAdmin && m.id !== memberId);
    if (!other) throw new Error('tiny preset has two licensed members');
    expect((await h.api('GET', `/1/members/${other.id}`)).body.email).toBe(other.email);
    expect((await h.api('GET', '/1/members/me', {}, { token: memberToken })).body.id).toBe(memberId);
    expect(
      (await h.api('GET', `/1/members/${memberId}`, {}, { token: memberToken })).body.email,
    ).toBeDefined();
    expect(
      (await h.api('GET', `/1/members/${other.id}`, {}, { token: memberToken })).body.email,
    ).toBeUndefined();
    const projected = await h.api(
      'GET',
      `/1/members/${other.id}`,
      { fields: 'email,fullName' },
      { token: memberToken },
    );
    expect(projected.status).toBe(200);
    expect(projected.body).toEqual({ id: other.id, fullName: other.fullName });
    expect((await h.api('GET', `/1/members/${other.id}`, { fields: 'nonsense' })).status).toBe(400);
  });
});
