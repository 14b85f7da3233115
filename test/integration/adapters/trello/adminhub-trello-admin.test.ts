/**
 * The AdminHub Trello port against the Trello simulator (its Enterprise managed in Atlassian
 * Administration) linked to the Atlassian simulator, as the local stack links them: seats through
 * the Trello access group, deactivation by the directory's suspend (accounts found through the
 * organization's directory), and Atlassian's refusals and rate limit as the errors the workflows know.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminHubTrelloAdmin } from '../../../../functions/adapters/adminhub/adminhub-trello-admin.ts';
import { AtlassianOrgAccess } from '../../../../functions/adapters/adminhub/atlassian-org-access.ts';
import {
  AdminHubManagedError,
  SeatsExhaustedError,
  TrelloRateLimitedError,
} from '../../../../functions/core/errors.ts';
import { type AdminHubLink, linkAdminHub } from '../../../../infra/local/adminhub-link.ts';
import { startAtlassianSimulator } from '../../../../infra/local/simulators/idp/atlassian/atlassian-simulator.ts';
import { startTrelloFixture, type TrelloFixture } from '../../../support/trello-sim.ts';

let t: TrelloFixture;
let link: AdminHubLink;
let port: AdminHubTrelloAdmin;

beforeAll(async () => {
  t = await startTrelloFixture();
  const linked = await linkAdminHub('adminhub', t.sim, null, { port: 0, seed: 1 });
  if (linked === null) throw new Error('AdminHub mode did not link');
  link = linked;
  const access = new AtlassianOrgAccess({
    baseUrl: link.atlassian.url,
    credentials: link.credentials,
    trelloGroupId: link.config.trelloGroupId,
  });
  port = new AdminHubTrelloAdmin(t.admin(), async () => access);
  await t.control('POST', '/enterprise', { maxMembers: 10_000 });
});
afterAll(async () => {
  await link?.close();
  await t?.close();
});

const trello = () => t.sim.state;
let made = 0;
/** A managed member Trello knows and the organization's directory has an account for. */
async function person(extra: Record<string, unknown> = {}) {
  made += 1;
  const email = `adminhub${made}.${Date.now()}@example.com`;
  const member = await t.control<{ id: string }>('POST', '/members', {
    email,
    fullName: `Person ${made}`,
    ...extra,
  });
  link.atlassian.addUser({ email });
  if (extra.licensed === true) link.atlassian.seedTrelloAccess(email);
  return { email, memberId: member.id };
}

describe('AdminHub Trello port', () => {
  it('grants a seat by adding to the Trello access group, and frees it by removing', async () => {
    const p = await person();
    const before = trello().licensedCount;

    await port.setLicensed(p.memberId, true);
    expect(link.atlassian.inTrelloGroup(p.email)).toBe(true);
    expect(trello().member(p.memberId)).toMatchObject({ licensed: true, deactivated: false });
    expect(trello().licensedCount).toBe(before + 1);

    await port.setLicensed(p.memberId, true); // again: already in the group, nothing changes
    expect(trello().licensedCount).toBe(before + 1);

    await port.setLicensed(p.memberId, false);
    expect(link.atlassian.inTrelloGroup(p.email)).toBe(false);
    expect(trello().member(p.memberId)?.licensed).toBe(false);
    expect(trello().licensedCount).toBe(before);
    await port.setLicensed(p.memberId, false); // again: not in the group (404) is already done
  });

  it('deactivates by the directory suspend and reactivates by restore, the seat coming back', async () => {
    const p = await person({ licensed: true });
    await port.setDeactivated(p.memberId, true);
    expect(link.atlassian.user(p.email)).toMatchObject({ signInActive: false, status: 'suspended' });
    expect(trello().member(p.memberId)).toMatchObject({ deactivated: true, licensed: false });
    expect(await port.findMemberByEmail(p.email)).toMatchObject({ deactivated: true, licensed: false });

    await port.setDeactivated(p.memberId, false);
    expect(link.atlassian.user(p.email)).toMatchObject({ signInActive: true, status: 'active' });
    // Restored: the group membership (the seat) is theirs again, and Trello licenses them.
    expect(trello().member(p.memberId)).toMatchObject({ deactivated: false, licensed: true });
  });

  it('refuses to act on a member the directory has no account for, saying where to do it', async () => {
    const email = `unmanaged.${Date.now()}@example.com`;
    const member = await t.control<{ id: string }>('POST', '/members', { email, fullName: 'Not Managed' });
    const refusal = port.setDeactivated(member.id, true);
    await expect(refusal).rejects.toThrow(AdminHubManagedError);
    await expect(refusal).rejects.toThrow(/no account with that email.*admin\.atlassian\.com/);
  });

  it('refuses a grant when no seat is left, as the seat gate expects, changing nothing', async () => {
    const p = await person();
    await t.control('POST', '/enterprise', { maxMembers: trello().licensedCount });
    try {
      await expect(port.setLicensed(p.memberId, true)).rejects.toThrow(SeatsExhaustedError);
      expect(link.atlassian.inTrelloGroup(p.email)).toBe(false);
      expect(trello().member(p.memberId)?.licensed).toBe(false);
    } finally {
      await t.control('POST', '/enterprise', { maxMembers: 10_000 });
    }
  });

  it('passes on the Atlassian simulator undoing a grant Trello cannot honour', async () => {
    const p = await person();
    // Atlassian's half alone, as when another grant took the last seat after the port read the seats.
    const access = new AtlassianOrgAccess({
      baseUrl: link.atlassian.url,
      credentials: link.credentials,
      trelloGroupId: link.config.trelloGroupId,
    });
    const account = await access.findAccount(p.email);
    await t.control('POST', '/enterprise', { maxMembers: trello().licensedCount });
    try {
      await expect(access.grantTrelloAccess(account?.accountId ?? '')).rejects.toThrow(
        /license-limit-exceeded/,
      );
      expect(link.atlassian.inTrelloGroup(p.email)).toBe(false);
    } finally {
      await t.control('POST', '/enterprise', { maxMembers: 10_000 });
    }
  });

  it('answers its rate limit with 429, Retry-After and X-RateLimit-Reset, read as a Trello rate limit', async () => {
    const p = await person({ licensed: true });
    link.atlassian.setRateLimit(0);
    try {
      const raw = await fetch(
        `${link.atlassian.url}/admin/v1/orgs/${link.credentials.orgId}/directory/users/x/suspend-access`,
        { method: 'POST', headers: { authorization: `Bearer ${link.credentials.apiKey}` } },
      );
      expect(raw.status).toBe(429);
      expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(raw.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await raw.json()).toMatchObject({ errors: [{ status: '429', code: 'too-many-requests' }] });
      await expect(port.setDeactivated(p.memberId, true)).rejects.toThrow(TrelloRateLimitedError);
      expect(trello().member(p.memberId)?.deactivated).toBe(false);
    } finally {
      link.atlassian.setRateLimit(1000);
    }
  });

  it('pages the directory search with links.next sent back as the cursor', async () => {
    await person();
    await person();
    const search = async (cursor?: string) => {
      const answer = await fetch(
        `${link.atlassian.url}/admin/v2/orgs/${link.credentials.orgId}/directories/${link.credentials.directoryId}/users/search`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${link.credentials.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ searchTerm: 'adminhub', limit: 1, ...(cursor ? { cursor } : {}) }),
        },
      );
      return (await answer.json()) as { data: Array<{ accountId: string }>; links: { next?: string } };
    };
    const first = await search();
    expect(first.data).toHaveLength(1);
    expect(first.links.next).toEqual(expect.any(String));
    const second = await search(first.links.next);
    expect(second.data).toHaveLength(1);
    expect(second.data[0]?.accountId).not.toBe(first.data[0]?.accountId);
  });
});

describe("the local stack's AdminHub link", () => {
  it('serves AdminHub from the Atlassian IdP simulator when that is the IdP, and leaves it running on close', async () => {
    const fixture = await startTrelloFixture();
    const idp = await startAtlassianSimulator({ seed: 2 });
    try {
      const shared = await linkAdminHub('adminhub', fixture.sim, idp, { port: 0, seed: 2 });
      expect(shared?.atlassian.url).toBe(idp.url);
      const licensed = fixture.sim.state.snapshot().members.find((m) => m.licensed && m.email);
      expect(licensed && idp.inTrelloGroup(licensed.email ?? '')).toBe(true);
      await shared?.close();
      expect((await fetch(`${idp.url}/__control/users/${licensed?.email}`)).status).toBe(200);
      expect(fixture.sim.state.snapshot().enterprise.adminHub).toBe(true);
      expect(await linkAdminHub('trello', fixture.sim, idp, { port: 0, seed: 2 })).toBeNull();
      expect(fixture.sim.state.snapshot().enterprise.adminHub).toBe(false);
    } finally {
      await idp.close();
      await fixture.close();
    }
  });
});
