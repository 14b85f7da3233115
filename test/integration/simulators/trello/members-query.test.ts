import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, queryAllMembers, startHarness, type Wire } from './sim-harness.ts';

const ROW_KEYS = ['admin', 'collaborator', 'deactivated', 'licensed', 'managed', 'member'];
const MEMBER_KEYS = [
  'avatarURL',
  'confirmed',
  'dateLastImpression',
  'email',
  'fullname',
  'id',
  'initials',
  'memberType',
  'username',
];

describe('Trello simulator: GET /1/enterprises/{id}/members/query', () => {
  let h: Harness;
  const path = () => `/1/enterprises/${h.enterpriseId}/members/query`;

  beforeAll(async () => {
    h = await startHarness({ preset: 'demo', seed: 3 });
  });
  afterAll(() => h.close());

  it.each([
    ['licensed=false', { licensed: false }],
    ['collaborator=false', { collaborator: false }],
    ['deactivated=false', { deactivated: false }],
    ['licensed=false with managed=true', { licensed: false, managed: true }],
    ['no association at all', {}],
    ['only managed=false', { managed: false }],
  ])('rejects %s with 400 "At least one association must be specified" (T1112)', async (_label, query) => {
    const res = await h.api('GET', path(), query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 'INVALID_ASSOCIATION',
      message: 'At least one association must be specified',
    });
  });

  it.each([
    ['licensed', 'yes'],
    ['activeSince', '2026-13-01'],
    ['inactiveSince', '2026-1-5'],
    ['activeSince', '2026-02-30'],
    ['cursor', 'zzz'],
  ])('rejects %s=%s with 400', async (name, value) => {
    const res = await h.api('GET', path(), { managed: true, [name]: value });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`invalid value for ${name}`);
  });

  it('answers a bare array of Membership rows with the reference field names', async () => {
    const res = await h.api('GET', path(), { licensed: true });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(100);
    for (const row of res.body) {
      expect(Object.keys(row).sort()).toEqual(ROW_KEYS);
      // dateLastImpression is absent for someone never seen (the schema types it as a string).
      const expected =
        'dateLastImpression' in row.member
          ? MEMBER_KEYS
          : MEMBER_KEYS.filter((k) => k !== 'dateLastImpression');
      expect(Object.keys(row.member).sort()).toEqual(expected);
      expect(row.licensed).toBe(true);
    }
  });

  it('filters on every association flag consistently with the model', async () => {
    const { state } = h.sim;
    const members = state.snapshot().members.filter((m) => {
      const record = state.member(m.id);
      return record !== undefined && state.isEnterpriseMember(record);
    });
    const expectIds = (rows: Wire[], predicate: (flags: ReturnType<typeof state.flags>) => boolean) => {
      const expected = members
        .filter((m) => {
          const record = state.member(m.id);
          return record !== undefined && predicate(state.flags(record));
        })
        .map((m) => m.id);
      expect(rows.map((r) => r.member.id)).toEqual(expected);
    };
    expectIds(await queryAllMembers(h, { licensed: 'true' }), (f) => f.licensed);
    expectIds(await queryAllMembers(h, { deactivated: 'true' }), (f) => f.deactivated);
    expectIds(await queryAllMembers(h, { collaborator: 'true' }), (f) => f.collaborator);
    expectIds(await queryAllMembers(h, { admin: 'true' }), (f) => f.admin);
    expectIds(await queryAllMembers(h, { managed: 'true' }), (f) => f.managed);
    expectIds(
      await queryAllMembers(h, { managed: 'false', collaborator: 'true' }),
      (f) => !f.managed && f.collaborator,
    );
    const guests = await queryAllMembers(h, { collaborator: 'true' });
    expect(guests.length).toBeGreaterThan(0);
    for (const g of guests) expect(g).toMatchObject({ licensed: false, managed: false, deactivated: false });
  });

  it('reads activeSince as inclusive and inactiveSince as "not active since", never-seen included', async () => {
    const m = h.sim.state.snapshot().members.find((x) => x.licensed && x.confirmed && !x.enterpriseAdmin);
    if (!m) throw new Error('demo has licensed members');
    await h.control('POST', `/members/${m.id}/activity`, { at: '2026-03-10T00:00:00.000Z' });
    const search = m.email;
    const active = await h.api('GET', path(), { licensed: true, search, activeSince: '2026-03-10' });
    expect(active.body.map((r: Wire) => r.member.id)).toEqual([m.id]);
    const notActiveLater = await h.api('GET', path(), { licensed: true, search, activeSince: '2026-03-11' });
    expect(notActiveLater.body).toEqual([]);
    const inactive = await h.api('GET', path(), { licensed: true, search, inactiveSince: '2026-03-10' });
    expect(inactive.body).toEqual([]);
    const inactiveLater = await h.api('GET', path(), { licensed: true, search, inactiveSince: '2026-03-11' });
    expect(inactiveLater.body.map((r: Wire) => r.member.id)).toEqual([m.id]);

    const neverSeen = (await queryAllMembers(h, { licensed: 'true', inactiveSince: '2000-01-01' })).map(
      (r) => r.member,
    );
    expect(neverSeen.length).toBeGreaterThan(0);
    for (const member of neverSeen) expect(member).not.toHaveProperty('dateLastImpression');
  });

  it('searches by case-insensitive prefix of the email or the full name', async () => {
    const m = h.sim.state.snapshot().members.find((x) => x.licensed && !x.enterpriseAdmin);
    if (!m) throw new Error('demo has licensed members');
    const byEmail = await h.api('GET', path(), { managed: true, search: m.email.slice(0, 6).toUpperCase() });
    expect(byEmail.body.map((r: Wire) => r.member.id)).toContain(m.id);
    for (const row of byEmail.body) {
      const prefix = m.email.slice(0, 6);
      expect(
        row.member.email.startsWith(prefix) || row.member.fullname.toLowerCase().startsWith(prefix),
      ).toBe(true);
    }
    const byName = await h.api('GET', path(), { managed: true, search: m.fullName.toLowerCase() });
    expect(byName.body.map((r: Wire) => r.member.id)).toContain(m.id);
    const lastName = m.fullName.split(' ')[1] ?? '';
    const notAPrefix = await h.api('GET', path(), { managed: true, search: lastName });
    expect(notAPrefix.body.map((r: Wire) => r.member.id)).not.toContain(m.id);
  });

  it('pages 100 rows at a time by cursor = id of the last row, in id order, without repeats', async () => {
    const all = await queryAllMembers(h, { managed: 'true' });
    expect(all.length).toBeGreaterThan(200);
    const ids = all.map((r) => r.member.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const second = await h.api('GET', path(), { managed: true, cursor: ids[99] });
    expect(second.body[0].member.id).toBe(ids[100]);
  });

  it('answers { members, cursor } when the cursor style is "wrapper", with cursor null on the last page', async () => {
    const bare = await queryAllMembers(h, { managed: 'true' });
    await h.control('POST', '/enterprise', { queryCursorStyle: 'wrapper' });
    try {
      const first = await h.api('GET', path(), { managed: true });
      expect(Object.keys(first.body).sort()).toEqual(['cursor', 'members']);
      expect(first.body.cursor).toBe(first.body.members[99].member.id);
      const wrapped = await queryAllMembers(h, { managed: 'true' });
      expect(wrapped.map((r) => r.member.id)).toEqual(bare.map((r) => r.member.id));
      const last = await h.api('GET', path(), { managed: true, cursor: bare[bare.length - 1].member.id });
      expect(last.body).toEqual({ members: [], cursor: null });
    } finally {
      await h.control('POST', '/enterprise', { queryCursorStyle: 'last-row' });
    }
  });

  it('ignores the cursor and answers the first page again under the ignoreQueryCursor fault', async () => {
    const first = await h.api('GET', path(), { managed: true });
    await h.control('POST', '/enterprise', { ignoreQueryCursor: true });
    try {
      const again = await h.api('GET', path(), { managed: true, cursor: first.body[99].member.id });
      expect(again.body.map((r: Wire) => r.member.id)).toEqual(first.body.map((r: Wire) => r.member.id));
    } finally {
      await h.control('POST', '/enterprise', { ignoreQueryCursor: false });
    }
    const honest = await h.api('GET', path(), { managed: true, cursor: first.body[99].member.id });
    expect(honest.body[0].member.id).not.toBe(first.body[0].member.id);
  });
});
