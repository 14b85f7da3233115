/**
 * Who is calling the admin API. Every request is attributed to an identity, and that identity is
 * the approver recorded in the audit, so it is only ever taken from something verified:
 * - `gateway` (AWS): API Gateway's JWT authorizer (Cognito) or IAM authorization already verified
 *   the caller; the identity is read from the request context it attached.
 * - `token` (local stack): `Authorization: Bearer <token>`, compared in constant time against the
 *   SHA-256 hashes in config; the server never holds the tokens themselves.
 */
import { timingSafeEqual } from 'node:crypto';
import { adminTokenHash } from '../../composition/admin-token-hash.ts';
import type { AdminTokenHash, ApiConfig } from '../../composition/api-config.ts';

/** SHA-256 in hex, as the config holds admin tokens; also the caller's key in the request log. */
export { adminTokenHash as sha256Hex } from '../../composition/admin-token-hash.ts';

export interface Caller {
  /** An email where the identity has one (the subject check compares emails). */
  id: string;
  via: 'token' | 'jwt' | 'iam';
}

/** What API Gateway's authorizers attach to `requestContext.authorizer` (HTTP API, payload 2.0). */
export interface GatewayAuthorizer {
  jwt?: { claims: Record<string, unknown> };
  iam?: { userArn?: string };
}

export function authenticate(
  auth: ApiConfig['adminAuth'],
  request: { authorization: string | undefined; authorizer: GatewayAuthorizer | undefined },
): Caller | null {
  if (auth.mode === 'token') return fromBearer(auth.tokens, request.authorization);
  return fromGateway(request.authorizer);
}

function fromBearer(tokens: AdminTokenHash[], header: string | undefined): Caller | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const presented = Buffer.from(adminTokenHash(match[1]), 'hex');
  // Compare with every hash (no early exit), so timing says nothing about which one matched.
  let found: AdminTokenHash | null = null;
  for (const token of tokens) {
    if (timingSafeEqual(presented, Buffer.from(token.sha256, 'hex'))) found = token;
  }
  return found === null ? null : { id: found.who, via: 'token' };
}

function fromGateway(authorizer: GatewayAuthorizer | undefined): Caller | null {
  const claims = authorizer?.jwt?.claims;
  if (claims) {
    const id = [claims.email, claims.username, claims['cognito:username'], claims.sub].find(
      (v): v is string => typeof v === 'string' && v !== '',
    );
    return id ? { id: id.toLowerCase(), via: 'jwt' } : null;
  }
  const arn = authorizer?.iam?.userArn;
  return arn ? { id: arn, via: 'iam' } : null;
}
