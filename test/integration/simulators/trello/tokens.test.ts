import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenRecord } from '../../../../infra/local/simulators/trello/state-schema.ts';
import { type Harness, startHarness, type Wire } from './sim-harness.ts';

describe('Trello simulator: tokens', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  /** The tiny preset gives its first active member one token of each kind. */
  const holder = (): { idMember: string; tokens: TokenRecord[] } => {
    const tokens = h.sim.state.snapshot().tokens;
    const kinds = new Map<string, Set<string>>();
    for (const t of tokens) kinds.set(t.idMember, (kinds.get(t.idMember) ?? new Set()).add(t.kind));
    const idMember = [...kinds].find(([, k]) => k.size === 3)?.[0];
    if (!idMember) throw new Error('tiny has a member with all three token kinds');
    return { idMember, tokens: tokens.filter((t) => t.idMember === idMember) };
  };

  it("lists a managed member's tokens for an enterprise admin, without values or kinds", async () => {
    const { idMember, tokens } = holder();
    const res = await h.api('GET', `/1/members/${idMember}/tokens`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(tokens.length);
    for (const token of res.body as Wire[]) {
      expect(Object.keys(token).sort()).toEqual(
        ['dateCreated', 'dateExpires', 'id', 'identifier', 'idMember', 'permissions'].sort(),
      );
      expect(token.permissions[0]).toEqual(
        expect.objectContaining({ modelType: expect.any(String), read: true }),
      );
    }
    for (const t of tokens) expect(res.text).not.toContain(t.value);
  });

  it("refuses listing an unmanaged guest's tokens to an enterprise admin", async () => {
    const guest = h.sim.state.snapshot().members.find((m) => m.email.endsWith('.test'));
    if (!guest) throw new Error('tiny has guests');
    const res = await h.api('GET', `/1/members/${guest.id}/tokens`);
    expect(res.status).toBe(401);
  });

  it('deletes a token by value at the official path with a trailing slash', async () => {
    const { idMember, tokens } = holder();
    const [victim] = tokens;
    if (!victim) throw new Error('unreachable');
    expect((await h.api('DELETE', `/1/tokens/${victim.value}`)).status).toBe(404);
    const res = await h.api('DELETE', `/1/tokens/${victim.value}/`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ _value: null });
    expect((await h.api('DELETE', `/1/tokens/${victim.value}/`)).status).toBe(404);
    expect((await h.api('GET', `/1/members/${idMember}/tokens`)).body).toHaveLength(tokens.length - 1);
    expect((await h.api('GET', `/1/members/${idMember}`, {}, { token: victim.value })).status).toBe(401);
  });

  it('lets the dashboard delete Power-Up and mobile tokens, or one kind with ?kind=', async () => {
    const { idMember, tokens } = holder();
    const mobileOnly = await h.control('DELETE', `/members/${idMember}/tokens?kind=mobile-session`);
    expect(mobileOnly.body).toEqual({ deleted: tokens.filter((t) => t.kind === 'mobile-session').length });
    const rest = await h.control('DELETE', `/members/${idMember}/tokens`);
    expect(rest.body).toEqual({ deleted: tokens.filter((t) => t.kind === 'power-up').length });
    const left = (await h.control('GET', '/state')).body.tokens.filter((t: Wire) => t.idMember === idMember);
    expect(left.map((t: Wire) => t.kind)).toEqual(tokens.filter((t) => t.kind === 'api').map((t) => t.kind));
    expect((await h.control('DELETE', `/members/${idMember}/tokens?kind=bogus`)).status).toBe(400);
  });
});
