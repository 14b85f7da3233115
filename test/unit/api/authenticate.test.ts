import { describe, expect, it } from 'vitest';
import { authenticate, sha256Hex } from '../../../functions/api/admin/authenticate.ts';
import { parseApiConfig } from '../../../functions/composition/api-config.ts';

const tokens = [
  { who: 'ana@example.com', sha256: sha256Hex('token-of-ana-0123456789') },
  { who: 'bo@example.com', sha256: sha256Hex('token-of-bo-0123456789') },
];

describe('authenticate', () => {
  it('maps a bearer token to the person it was issued to, by hash', () => {
    const auth = { mode: 'token' as const, tokens };
    const as = (authorization: string | undefined) =>
      authenticate(auth, { authorization, authorizer: undefined });
    expect(as('Bearer token-of-bo-0123456789')).toEqual({ id: 'bo@example.com', via: 'token' });
    expect(as('bearer token-of-ana-0123456789')).toEqual({ id: 'ana@example.com', via: 'token' });
    for (const bad of [
      undefined,
      '',
      'Bearer',
      'Basic dG9rZW4=',
      'Bearer token-of-ana-012345678',
      'Bearer a b',
    ])
      expect(as(bad)).toBeNull();
  });

  it('in gateway mode trusts only what the authorizer attached, never a bearer header', () => {
    const auth = { mode: 'gateway' as const };
    expect(
      authenticate(auth, { authorization: 'Bearer token-of-ana-0123456789', authorizer: undefined }),
    ).toBeNull();
    expect(
      authenticate(auth, {
        authorization: undefined,
        authorizer: { jwt: { claims: { email: 'Ana@Example.com', sub: 'x' } } },
      }),
    ).toEqual({ id: 'ana@example.com', via: 'jwt' });
    expect(
      authenticate(auth, { authorization: undefined, authorizer: { jwt: { claims: { sub: 'abc' } } } }),
    ).toEqual({
      id: 'abc',
      via: 'jwt',
    });
    expect(
      authenticate(auth, {
        authorization: undefined,
        authorizer: { iam: { userArn: 'arn:aws:iam::1:user/ops' } },
      }),
    ).toEqual({ id: 'arn:aws:iam::1:user/ops', via: 'iam' });
  });

  it('refuses a token-mode config without token hashes, naming the variables', () => {
    expect(() => parseApiConfig({ LANYARD_ADMIN_AUTH: 'token' })).toThrow(
      /LANYARD_ADMIN_AUTH=token needs LANYARD_ADMIN_TOKENS/,
    );
    expect(() =>
      parseApiConfig({
        LANYARD_ADMIN_AUTH: 'token',
        LANYARD_ADMIN_TOKENS: '[{"who":"a","sha256":"nothex"}]',
      }),
    ).toThrow(/sha256 must be 64 lowercase hex/);
    expect(parseApiConfig({ LANYARD_WEBHOOK_SECRETS: 'whsec_a whsec_b' }).webhookSecrets).toEqual({
      secrets: ['whsec_a', 'whsec_b'],
    });
  });
});
