/**
 * Every IdP adapter's exchanges with its simulator, held to the vendor's own specification
 * (test/contract/specs, SOURCES.md): the production adapter runs the offboarding and rehire
 * course (lookup, unknown person, sign-in cut, read-back, re-cut, rehire, account cut, refused
 * credential) through a recording proxy in front of the simulator, and each recorded request
 * and answer must be one the spec allows:
 * - Okta: the Okta Management API OpenAPI (subset, 2026.06.3) via openapi-backend;
 * - Google: the Admin SDK Directory v1 discovery document (users subset) read as OpenAPI;
 * - Microsoft Graph: the v1.0 CSDL (property and bound-action names of `user`);
 * - SCIM 2.0: RFC 7643 User / RFC 7644 ListResponse, PatchOp and Error schemas.
 * Each suite also feeds its validator one deliberately wrong exchange and expects it refused, so a
 * suite that accepts anything cannot pass. Atlassian Administration has no official machine-
 * readable specification in the repository yet (see SOURCES.md): not validated here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createIdentityProvider } from '../../functions/adapters/idp/create-identity-provider.ts';
import type { IdentityProvider, IdpKind, IdpScope } from '../../functions/ports/identity-provider.ts';
import type { IdpSimulator } from '../../infra/local/simulators/idp/idp-simulator.ts';
import { startIdpSimulatorOf } from '../../infra/local/simulators/idp/start-idp-simulator.ts';
import {
  discoveryToOpenApi,
  type Exchange,
  GraphCsdl,
  OpenApiContract,
  type RecordingProxy,
  scimOpenApi,
  startRecordingProxy,
  type Verdict,
} from './spec-contract.ts';

const specs = path.join(path.dirname(fileURLToPath(import.meta.url)), 'specs');
const read = (file: string) => readFileSync(path.join(specs, file), 'utf8');

/**
 * Google's JSON error format (developers.google.com "Standard error responses"; the discovery
 * document does not carry it): `{ error: { code, message, errors: [{ domain, reason, message }] } }`.
 */
const GOOGLE_ERROR = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'integer' },
        message: { type: 'string' },
        status: { type: 'string' },
        errors: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              domain: { type: 'string' },
              reason: { type: 'string' },
              message: { type: 'string' },
            },
          },
        },
      },
    },
  },
};

/**
 * Okta's operations declare 403/404/429 but not the 401 every one of them answers to a bad token
 * ("E0000011 Invalid token provided", developer.okta.com/docs/reference/error-codes): such an
 * answer is held to the spec's own `Error` schema.
 */
function withErrorBodies(okta: { paths: Record<string, unknown> }) {
  const error = {
    description: 'Okta error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  okta.paths['/_errors'] = {
    get: { operationId: 'error-bodies', responses: { '4XX': error, '5XX': error } },
  };
  return okta;
}

interface VendorContract {
  check(exchange: Exchange): Verdict;
}

async function adapterFor(sim: IdpSimulator, baseUrl: string, credentials: unknown = sim.credentials) {
  const { idp } = await createIdentityProvider({
    kind: sim.kind,
    baseUrl,
    credentials: { json: JSON.stringify(credentials) },
    scope: 'sign-in',
  });
  if (!idp) throw new Error('no adapter');
  return idp;
}

/** The course offboarding and rehire take; a step the provider refuses is recorded, not fatal. */
async function course(sim: IdpSimulator, idp: IdentityProvider, refused: IdentityProvider): Promise<void> {
  sim.addUser({ email: 'ana.lima@example.com' });
  const attempt = async (step: () => Promise<unknown>) => {
    await step().catch(() => undefined);
  };
  const user = await idp.findUser('Ana.Lima@Example.com');
  await idp.findUser('nobody@example.com');
  if (!user) throw new Error('seeded user not found');
  for (const scope of ['sign-in', 'account'] as IdpScope[]) {
    await attempt(() => idp.deactivate(user, scope));
    await attempt(() => idp.isDeactivated(user, scope));
    await attempt(() => idp.deactivate(user, scope));
    await attempt(() => idp.reactivate(user, scope));
  }
  await attempt(() => idp.getUser(user.id));
  await attempt(() => refused.findUser('ana.lima@example.com'));
}

const WRONG_CREDENTIALS: Record<IdpKind, Record<string, string>> = {
  okta: { apiToken: 'not-the-token' },
  entra: { accessToken: 'not-the-token' },
  google: { accessToken: 'not-the-token' },
  atlassian: { apiKey: 'not-the-key', orgId: 'x', directoryId: 'y' },
  scim: { bearerToken: 'not-the-token' },
};

interface Suite {
  kind: Exclude<IdpKind, 'atlassian'>;
  /** The vendor's path prefix the adapter's base URL carries (stripped before validation). */
  prefix: string;
  contract: () => Promise<VendorContract>;
  /** One exchange the spec does not allow, and what the validator must say about it. */
  wrong: { exchange: Exchange; says: RegExp };
}

const SUITES: Suite[] = [
  {
    kind: 'okta',
    prefix: '',
    contract: () =>
      OpenApiContract.load(
        withErrorBodies(parse(read('okta/management.users.subset.openapi.yml')) as never),
        {
          errorOperation: 'error-bodies',
        },
      ),
    wrong: {
      exchange: {
        method: 'GET',
        path: '/api/v1/users/00u1',
        query: {},
        status: 200,
        body: { id: '00u1', status: 'ASLEEP', profile: { login: 'a@example.com', email: 'a@example.com' } },
      },
      says: /status: must be equal to one of the allowed values/,
    },
  },
  {
    kind: 'google',
    prefix: '',
    contract: () =>
      OpenApiContract.load(
        discoveryToOpenApi(
          JSON.parse(read('google/admin.directory_v1.users.subset.discovery.json')) as never,
          GOOGLE_ERROR,
        ),
      ),
    wrong: {
      exchange: {
        method: 'PUT',
        path: '/admin/directory/v1/users/ana@example.com',
        query: {},
        requestContentType: 'application/json',
        requestBody: { suspended: 'yes' },
        status: 200,
        body: { primaryEmail: 'ana@example.com', suspended: 'yes' },
      },
      says: /suspended: must be boolean/,
    },
  },
  {
    kind: 'entra',
    prefix: '',
    contract: async () => new GraphCsdl(read('graph/v1.0.user.subset.csdl.xml')),
    wrong: {
      exchange: {
        method: 'PATCH',
        path: '/users/0001',
        query: {},
        requestContentType: 'application/json',
        requestBody: { enabled: false },
        status: 204,
        body: null,
      },
      says: /PATCH body: enabled is not a property of user/,
    },
  },
  {
    kind: 'scim',
    prefix: '',
    contract: () =>
      OpenApiContract.load(scimOpenApi(JSON.parse(read('scim/rfc7643-rfc7644.schemas.json')) as never)),
    wrong: {
      exchange: {
        method: 'PATCH',
        path: '/Users/0001',
        query: {},
        requestContentType: 'application/scim+json',
        requestBody: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'disable', path: 'active', value: false }],
        },
        status: 200,
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          id: '0001',
          userName: 'a@example.com',
        },
      },
      says: /op: must be equal to one of the allowed values/,
    },
  },
];

describe.each(SUITES.map((s) => [s.kind, s] as const))(
  '%s adapter and simulator against the vendor spec',
  (_kind, suite) => {
    let sim: IdpSimulator;
    let proxy: RecordingProxy;
    let contract: VendorContract;
    const exchanges = () =>
      proxy.exchanges.map((x) => ({
        ...x,
        path: x.path.startsWith(suite.prefix) ? x.path.slice(suite.prefix.length) : x.path,
      }));

    beforeAll(async () => {
      sim = await startIdpSimulatorOf(suite.kind, { seed: 11 });
      proxy = await startRecordingProxy(sim.url);
      contract = await suite.contract();
      const base = `${proxy.url}${suite.prefix}`;
      await course(
        sim,
        await adapterFor(sim, base),
        await adapterFor(sim, base, WRONG_CREDENTIALS[suite.kind]),
      );
    });
    afterAll(async () => {
      await proxy?.close();
      await sim?.close();
    });

    it('records the whole course: lookups, cuts, read-backs, rehire and a refused credential', () => {
      const statuses = new Set(exchanges().map((x) => x.status));
      expect(exchanges().length).toBeGreaterThan(8);
      expect([...statuses].some((s) => s >= 200 && s < 300)).toBe(true);
      expect(statuses.has(401)).toBe(true);
    });

    it('sends only requests, and gets only answers, that the vendor spec allows', () => {
      const problems = exchanges().flatMap((x) =>
        contract.check(x).problems.map((p) => `${x.method} ${x.path} → ${x.status}: ${p}`),
      );
      expect(problems).toEqual([]);
    });

    it('refuses a deliberately wrong exchange (the validator is not a rubber stamp)', () => {
      expect(contract.check(suite.wrong.exchange).problems.join('\n')).toMatch(suite.wrong.says);
    });
  },
);
