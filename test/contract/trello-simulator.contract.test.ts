/**
 * The Trello simulator honours Trello's official OpenAPI document (specs/trello/swagger.v3.json,
 * plus the overlay for what it omits): a tour drives every route it serves (successes and the
 * documented failures), and each exchange is validated with openapi-backend. The tour must cover
 * every served route, and every served route must exist in the spec. The production adapter's own
 * exchanges (every TrelloAdmin method, through a recording proxy) are held to the same spec, and a
 * deliberately wrong exchange shows the validator refuses what the spec does not allow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardRoutes } from '../../infra/local/simulators/trello/routes/boards.ts';
import { enterpriseRoutes } from '../../infra/local/simulators/trello/routes/enterprises.ts';
import { memberRoutes } from '../../infra/local/simulators/trello/routes/members.ts';
import { organizationRoutes } from '../../infra/local/simulators/trello/routes/organizations.ts';
import { tokenRoutes } from '../../infra/local/simulators/trello/routes/tokens.ts';
import { startTrelloFixture, type TrelloFixture } from '../support/trello-sim.ts';
import { type RecordingProxy, startRecordingProxy } from './spec-contract.ts';
import { type Exchange, TrelloContract } from './trello-openapi.ts';

const SERVED = [...enterpriseRoutes, ...organizationRoutes, ...boardRoutes, ...memberRoutes, ...tokenRoutes];

let t: TrelloFixture;
let contract: TrelloContract;
const exchanges: Exchange[] = [];

async function call(
  method: string,
  path: string,
  query: Record<string, string> = {},
  auth = true,
): Promise<Exchange> {
  const info = t.sim.info();
  const full = { ...query, ...(auth ? { key: info.apiKey, token: info.adminToken } : {}) };
  const response = await fetch(`${t.sim.url}/1${path}?${new URLSearchParams(full)}`, { method });
  const text = await response.text();
  const exchange: Exchange = {
    method,
    path,
    query: full,
    status: response.status,
    body: text === '' ? null : JSON.parse(text),
  };
  exchanges.push(exchange);
  return exchange;
}

let proxy: RecordingProxy;

beforeAll(async () => {
  contract = await TrelloContract.load();
  t = await startTrelloFixture({ rateLimits: true });
  await tour();
  proxy = await startRecordingProxy(t.sim.url);
  await adapterCourse();
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await t.close();
});

/** Every TrelloAdmin method once, through the proxy; a refusal is recorded, not fatal. */
async function adapterCourse(): Promise<void> {
  await t.control('POST', '/enterprise', { maxMembers: 1000 });
  const admin = t.admin({ baseUrl: `${proxy.url}/1` });
  const ws = t.defaultWorkspaceId as string;
  const member = await t.control<{ id: string; email: string }>('POST', '/members', {
    email: 'course@example.com',
    fullName: 'Course Member',
  });
  const peer = await t.control<{ id: string }>('POST', '/members', {
    email: 'course.peer@example.com',
    fullName: 'Course Peer',
    licensed: true,
  });
  const board = await t.control<{ id: string }>('POST', '/boards', {
    name: 'Course board',
    idOrganization: ws,
    members: [{ idMember: member.id, type: 'admin' }],
  });
  const token = await t.control<{ value: string }>('POST', '/tokens', { idMember: member.id, kind: 'api' });
  const attempt = async (step: () => Promise<unknown>) => {
    await step().catch(() => undefined);
  };
  await attempt(() => admin.findMemberByEmail(member.email));
  await attempt(() => admin.findMemberByEmail('nobody.at.all@example.com'));
  await attempt(async () => {
    const first = await admin.queryMembers({ licensed: true });
    if (first.nextCursor) await admin.queryMembers({ licensed: true }, first.nextCursor);
  });
  await attempt(() => admin.queryMembers({ licensed: true, inactiveSince: '2026-10-01' }));
  await attempt(() => admin.seats());
  await attempt(() => admin.setLicensed(member.id, true));
  await attempt(() => admin.memberWorkspaceIds(member.id));
  await attempt(() => admin.workspaceMembers(ws));
  await attempt(() => admin.addToWorkspace(ws, member.id, 'normal'));
  await attempt(() =>
    admin.inviteToWorkspace(ws, { email: 'course.invitee@example.com', fullName: 'In Vitee' }, 'normal'),
  );
  await attempt(() => admin.memberBoards(member.id));
  await attempt(() => admin.soleAdminBoards(member.id));
  await attempt(() => admin.boardMemberships(board.id));
  await attempt(() => admin.setBoardMemberType(board.id, peer.id, 'admin'));
  await attempt(() => admin.memberTokens(member.id));
  await attempt(() => admin.removeFromWorkspace(ws, member.id));
  await attempt(() => admin.setDeactivated(member.id, true));
  await attempt(() => admin.setDeactivated(member.id, false));
  await attempt(() => admin.setLicensed(member.id, false));
  await attempt(() => admin.claimableWorkspaces());
  await attempt(() => admin.pendingWorkspaces());
  await attempt(async () => {
    const [claimable] = await admin.claimableWorkspaces();
    if (claimable) await admin.transferWorkspace(claimable.id);
  });
  await attempt(() => admin.deleteToken(token.value));
}

/** The proxy's recordings, as the contract reads them (paths under /1). */
const adapterExchanges = (): Exchange[] =>
  proxy.exchanges.map((x) => ({
    method: x.method,
    path: x.path.replace(/^\/1/, ''),
    query: x.query,
    status: x.status,
    body: x.body,
  }));

async function tour(): Promise<void> {
  const e = t.enterpriseId;
  const ws = t.defaultWorkspaceId as string;
  const member = await t.control<{ id: string }>('POST', '/members', {
    email: 'tour@example.com',
    fullName: 'Tour Guide',
  });
  const peer = await t.control<{ id: string }>('POST', '/members', {
    email: 'peer@example.com',
    fullName: 'Peer',
    licensed: true,
  });
  const board = await t.control<{ id: string }>('POST', '/boards', {
    name: 'Tour board',
    idOrganization: ws,
    members: [{ idMember: peer.id, type: 'admin' }],
  });
  const token = await t.control<{ value: string }>('POST', '/tokens', {
    idMember: member.id,
    kind: 'power-up',
  });
  const claimable = await call('GET', `/enterprises/${e}/claimableOrganizations`);
  const claimableId = (claimable.body as { organizations: Array<{ id: string }> }).organizations[0]
    ?.id as string;

  await call('GET', `/enterprises/${e}`);
  await call('GET', `/enterprises/${e}/members/query`, { licensed: 'true' });
  await call('GET', `/enterprises/${e}/members/query`, { managed: 'true', search: 'tour' });
  await call('GET', `/enterprises/${e}/members/query`, { licensed: 'false' }); // TRELLO-1112: 400
  await call('GET', `/enterprises/${e}/members/${member.id}`);
  await call('GET', `/enterprises/${e}/members/5abbe4b7ddc1b351ef961414`); // 404
  await call('PUT', `/enterprises/${e}/members/${member.id}/licensed`, { value: 'true' });
  await call('PUT', `/enterprises/${e}/members/${member.id}/licensed`, { value: 'maybe' }); // 400
  await call('PUT', `/enterprises/${e}/members/${member.id}/deactivated`, { value: 'true' });
  await call('PUT', `/enterprises/${e}/members/${member.id}/deactivated`, { value: 'false' });
  await call('GET', `/enterprises/${e}/pendingOrganizations`);
  await call('GET', `/enterprises/${e}/organizations`);
  await call('PUT', `/enterprises/${e}/organizations`, { idOrganization: claimableId });
  await call('GET', `/organizations/${ws}`);
  await call('GET', `/organizations/${ws}/members`);
  await call('GET', `/organizations/${ws}/memberships`);
  await call('GET', `/organizations/${ws}/boards`);
  await call('PUT', `/organizations/${ws}/members/${member.id}`, { type: 'normal' });
  await call('PUT', `/organizations/${ws}/members`, {
    email: 'invitee@example.com',
    fullName: 'In Vitee',
    type: 'normal',
  });
  await call('DELETE', `/organizations/${ws}/members/${member.id}`);
  // Workspace membership restrictions: set through the documented prefs, then an invite and an
  // add they refuse → 403 (UNVERIFIED status and body: infra/local/simulators/trello/UNVERIFIED.md).
  const restricted = await t.control<{ id: string }>('POST', '/organizations', {
    displayName: 'Restricted Tour',
    enterprise: true,
  });
  await call('PUT', `/organizations/${restricted.id}`, { 'prefs/orgInviteRestrict': '*@allowed.example' });
  await call('PUT', `/organizations/${restricted.id}`, { 'prefs/externalMembersDisabled': 'true' });
  await call('PUT', `/organizations/${restricted.id}/members`, {
    email: 'outsider@example.com',
    fullName: 'Out Sider',
  });
  await call('PUT', `/organizations/${restricted.id}/members/${member.id}`, { type: 'normal' });
  await call('GET', `/members/${member.id}`);
  await call('GET', `/members/${member.id}/boards`, { filter: 'open' });
  await call('GET', `/members/${peer.id}/boards`, {
    filter: 'open',
    fields: 'id,name,closed,idOrganization,url,prefs,memberships',
  });
  await call('GET', `/members/${member.id}/organizations`);
  await call('GET', `/members/${member.id}/tokens`);
  await call('GET', `/boards/${board.id}`);
  await call('GET', `/boards/${board.id}/members`);
  await call('GET', `/boards/${board.id}/memberships`, { filter: 'admins' });
  await call('PUT', `/boards/${board.id}/members/${member.id}`, { type: 'normal' });
  await call('DELETE', `/boards/${board.id}/members/${peer.id}`); // last admin: 403
  await call('DELETE', `/boards/${board.id}/members/${member.id}`);
  await call('GET', `/tokens/${token.value}`);
  await call('DELETE', `/tokens/${token.value}/`);
  await call('GET', `/enterprises/${e}`, {}, false); // 401
  // The seat limit: no seat left → 403.
  await t.control('POST', '/enterprise', { maxMembers: 0 });
  await call('PUT', `/enterprises/${e}/members/${peer.id}/licensed`, { value: 'false' });
  await call('PUT', `/enterprises/${e}/members/${peer.id}/licensed`, { value: 'true' });
  // Rate limit: a burst over 100 per 10 s on one token → 429 bodies.
  await Promise.all(Array.from({ length: 110 }, () => call('GET', `/enterprises/${e}`)));
}

describe('Trello simulator against the reference OpenAPI', () => {
  it('serves only routes the reference documents', () => {
    const documented = new Set(contract.operations());
    const undocumented = SERVED.map((r) => `${r.method} ${r.path.replace(/^\/1/, '')}`).filter(
      (r) => !documented.has(r),
    );
    expect(undocumented).toEqual([]);
  });

  it('exercises every served route in the tour', () => {
    const hit = new Set(exchanges.map((x) => contract.check(x).operationId));
    const missed = SERVED.filter((route) => {
      const probe = contract.check({
        method: route.method,
        path: route.path.replace(/^\/1/, '').replace(/\{[^}]+\}/g, '5abbe4b7ddc1b351ef961414'),
        query: {},
        status: 200,
        body: null,
      });
      return !hit.has(probe.operationId);
    });
    expect(missed.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('answers every exchange as the reference describes it', () => {
    const problems = exchanges.flatMap((x) =>
      contract.check(x).problems.map((p) => `${x.method} ${x.path} → ${x.status}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('covers the documented failures: 400, 401, 403, 404, 429', () => {
    expect(new Set(exchanges.map((x) => x.status))).toEqual(new Set([200, 400, 401, 403, 404, 429]));
  });

  it("refuses an invite and an add that a Workspace's membership restrictions do not allow", () => {
    const refused = exchanges.filter(
      (x) => (x.body as { code?: string } | null)?.code === 'ORG_INVITE_RESTRICTED',
    );
    expect(refused.map((x) => `${x.method} ${x.path.replace(/[0-9a-f]{24}/g, '{id}')} ${x.status}`)).toEqual([
      'PUT /organizations/{id}/members 403',
      'PUT /organizations/{id}/members/{id} 403',
    ]);
    expect(refused.map((x) => x.body)).toEqual([
      { code: 'ORG_INVITE_RESTRICTED', message: expect.stringMatching(/membership restrictions/) },
      { code: 'ORG_INVITE_RESTRICTED', message: expect.stringMatching(/membership restrictions/) },
    ]);
    const set = exchanges.find((x) => x.method === 'PUT' && x.query['prefs/orgInviteRestrict'] !== undefined);
    expect(set?.body).toMatchObject({ prefs: { orgInviteRestrict: ['*@allowed.example'] } });
  });

  it('answers an unknown route 404 with the reference Error body', async () => {
    const unknown = await call('GET', '/enterprises/nothing/here/at/all');
    expect(unknown.status).toBe(404);
    expect(contract.check(unknown).problems).toEqual([
      `no reference operation for GET /enterprises/nothing/here/at/all`,
    ]);
    expect(unknown.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it("holds the production adapter's exchanges, every TrelloAdmin method, to the same spec", () => {
    const recorded = adapterExchanges();
    expect(new Set(recorded.map((x) => contract.check(x).operationId)).size).toBeGreaterThanOrEqual(15);
    const problems = recorded.flatMap((x) =>
      contract.check(x).problems.map((p) => `${x.method} ${x.path} → ${x.status}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('refuses a deliberately wrong exchange: a members/query row whose flag is not a boolean', () => {
    const wrong: Exchange = {
      method: 'GET',
      path: `/enterprises/${t.enterpriseId}/members/query`,
      query: { licensed: 'true' },
      status: 200,
      body: [
        {
          managed: true,
          licensed: 'yes',
          admin: false,
          deactivated: false,
          collaborator: false,
          member: { id: '5abbe4b7ddc1b351ef961414', fullname: 'X', username: 'x' },
        },
      ],
    };
    expect(contract.check(wrong).problems.join('\n')).toMatch(/response 200 \/0\/licensed: must be boolean/);
  });
});
