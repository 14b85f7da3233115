/**
 * Hostile input over HTTP on the local stack (fast-check, seeded: test/support/property-runs.ts):
 * oversized and deeply nested bodies, unicode confusables, CR/LF header injection,
 * prototype-pollution keys and wrong types, sent to `POST /hr/events` (signed, so they reach the
 * validation), to every route the admin API's OpenAPI document lists (so routes added later, or
 * split into other functions, are covered as they come) and to the CSV import. Each answer:
 * - is a 4xx with an `error` and a `message` — never a 5xx — or, for a read, a 2xx;
 * - changes nothing: the records table, Trello and IdP writes and executions are as before (a
 *   refused request makes no Trello call at all; an answered read may read Trello and keep the
 *   day's seat reading);
 * - pollutes no prototype, and the server still answers the next request.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hostileShortString,
  invalidEventsCsv,
  invalidObjectBody,
  type JsonType,
  POLLUTION_KEYS,
  prototypeKeys,
} from '../../support/hostile-arbitraries.ts';
import { type StackHarness, startStackHarness } from '../../support/local-stack-harness.ts';
import { propertyParameters, propertyTimeout } from '../../support/property-runs.ts';
import { type RawAnswer, rawRequest, socketRequest } from '../../support/raw-http.ts';
import { type SideEffects, sideEffects } from '../../support/side-effects.ts';
import { postSignedHrEvent, signedDeliveryHeaders } from '../../support/signed-delivery.ts';

let h: StackHarness;
let pristinePrototype: string[];

beforeAll(async () => {
  h = await startStackHarness({ inMemory: true });
  pristinePrototype = prototypeKeys();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

interface Operation {
  method: string;
  /** The OpenAPI path, `{name}` for each path parameter. */
  path: string;
  pathParams: string[];
  query: string[];
  body: { contentType: string; required: boolean; fields: Record<string, JsonType> } | null;
}

interface OpenApiSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, OpenApiSchema>;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name: string; in: string }>;
        requestBody?: { required?: boolean; content: Record<string, { schema?: OpenApiSchema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

function fieldTypes(doc: OpenApiDocument, schema: OpenApiSchema | undefined): Record<string, JsonType> {
  const resolved = schema?.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''] : schema;
  const known = ['string', 'boolean', 'integer', 'number', 'array', 'object'];
  return Object.fromEntries(
    Object.entries(resolved?.properties ?? {}).map(([name, property]) => {
      const type = property.$ref ? 'object' : property.type;
      return [name, type && known.includes(type) ? (type as JsonType) : null];
    }),
  );
}

/** Every operation of the served OpenAPI document. */
async function operations(): Promise<Operation[]> {
  const doc = (await (await fetch(`${h.stack.api.url}/admin/openapi.json`)).json()) as OpenApiDocument;
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const [contentType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      return {
        method: method.toUpperCase(),
        path,
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body:
          contentType === undefined
            ? null
            : {
                contentType,
                required: op.requestBody?.required ?? false,
                fields: fieldTypes(doc, media?.schema),
              },
      };
    }),
  );
}

/** Every byte percent-encoded: any string (lone surrogates too) becomes a valid path segment. */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

/** The checks every hostile request must pass, given the side effects before it. */
async function expectHarmless(
  what: string,
  answer: RawAnswer,
  before: SideEffects,
  options: { mayRead: boolean },
): Promise<void> {
  const after = await sideEffects(h);
  expect(answer.status, `${what}: ${JSON.stringify(answer.json).slice(0, 500)}`).toBeGreaterThanOrEqual(200);
  expect(answer.status, `${what}: ${JSON.stringify(answer.json).slice(0, 500)}`).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(typeof answer.json.message, `${what} answered ${answer.status} without a message`).toBe('string');
    expect(String(answer.json.message).trim(), what).not.toBe('');
    expect(after, `${what} was refused, yet changed something`).toEqual(before);
  } else {
    expect(options.mayRead, `${what} was accepted (${answer.status})`).toBe(true);
    const readsAllowed = { trelloCalls: before.trelloCalls, seatReadings: before.seatReadings };
    expect({ ...after, ...readsAllowed }, `${what}: a read changed something`).toEqual(before);
  }
  expect(prototypeKeys(), `${what} polluted Object.prototype`).toEqual(pristinePrototype);
  expect(({} as Record<string, unknown>).polluted, what).toBeUndefined();
  const alive = await fetch(`${h.stack.api.url}/admin/whoami`, {
    headers: { authorization: `Bearer ${h.stack.adminToken}` },
  });
  expect(alive.status, `the API stopped answering after ${what}`).toBe(200);
}

/** Field types of the canonical HR event (functions/contracts/hr-event.ts). */
const HR_EVENT_FIELDS: Record<string, JsonType> = {
  id: 'string',
  type: 'string',
  occurredAt: 'string',
  effectiveAt: 'string',
  employee: 'object',
  urgent: 'boolean',
};

describe('POST /hr/events', () => {
  it(
    'refuses any hostile signed body with a 4xx and a message, changing nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(invalidObjectBody(HR_EVENT_FIELDS), async (body) => {
          const before = await sideEffects(h);
          const answer = await postSignedHrEvent(h.stack.api.url, h.stack.webhookSecret, body);
          await expectHarmless(`POST /hr/events ${body.slice(0, 80)}`, answer, before, { mayRead: false });
        }),
        propertyParameters(40),
      );
    },
    propertyTimeout(40),
  );

  it(
    'refuses hostile webhook headers, CR/LF injection included, changing nothing',
    async () => {
      const headerValue = fc.oneof(
        hostileShortString.map((v) => [...v].filter((ch) => !['\r', '\n', '\u0000'].includes(ch)).join('')),
        fc
          .tuple(
            fc.constantFrom('webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type'),
            fc.string(),
          )
          .map(([name, value]) => `x\r\n${name}: ${value.replace(/[\r\n]/g, '')}`),
      );
      const valid = signedDeliveryHeaders(h.stack.webhookSecret, '{}');
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            id: fc.option(headerValue),
            timestamp: fc.option(headerValue),
            signature: fc.option(headerValue),
          }),
          async ({ id, timestamp, signature }) => {
            const before = await sideEffects(h);
            const line = (name: string, value: string | null) =>
              // Only latin-1 goes on the wire as a header: what else a client sends arrives as such bytes.
              value === null ? [] : [`${name}: ${Buffer.from(value, 'utf8').toString('latin1')}`];
            const answer = await socketRequest(
              h.stack.api.url,
              [
                'POST /hr/events HTTP/1.1',
                'Content-Type: application/json',
                ...line('webhook-id', id ?? valid['webhook-id'] ?? null),
                ...line('webhook-timestamp', timestamp),
                ...line('webhook-signature', signature ?? valid['webhook-signature'] ?? null),
              ],
              '{}',
            );
            // Node's HTTP parser refuses a malformed header line itself (400, no body): nothing reached Lanyard.
            if (answer.status === 400 && answer.json.text === '') {
              expect(await sideEffects(h)).toEqual(before);
              return;
            }
            await expectHarmless(`headers ${JSON.stringify({ id, timestamp, signature })}`, answer, before, {
              mayRead: false,
            });
          },
        ),
        propertyParameters(30),
      );
    },
    propertyTimeout(30),
  );
});

describe('every admin route of the OpenAPI document', () => {
  it(
    'answers hostile path parameters, queries and bodies 4xx (reads may answer 2xx), changing nothing',
    async () => {
      const routes = await operations();
      expect(routes.length).toBeGreaterThan(20);
      const request = fc.constantFrom(...routes).chain((op) =>
        fc.record({
          op: fc.constant(op),
          params: fc.array(hostileShortString, {
            minLength: op.pathParams.length,
            maxLength: op.pathParams.length,
          }),
          query: fc.dictionary(
            fc.oneof(
              fc.constantFrom(...op.query, ...POLLUTION_KEYS),
              fc.constant('constructor[prototype][polluted]'),
            ),
            hostileShortString,
            { maxKeys: 3 },
          ),
          body:
            op.body === null
              ? fc.constant(undefined)
              : op.body.contentType === 'text/csv'
                ? invalidEventsCsv
                : invalidObjectBody(op.body.fields),
        }),
      );
      await fc.assert(
        fc.asyncProperty(request, async ({ op, params, query, body }) => {
          let i = 0;
          const path = op.path.replace(/\{[^}]+\}/g, () => percentEncode(params[i++] ?? ''));
          const search = new URLSearchParams(query).toString();
          const url = search === '' ? path : `${path}?${search}`;
          const before = await sideEffects(h);
          const answer = await rawRequest(
            h.stack.api.url,
            op.method,
            url,
            {
              authorization: `Bearer ${h.stack.adminToken}`,
              ...(body === undefined ? {} : { 'content-type': op.body?.contentType ?? 'application/json' }),
            },
            body,
          );
          await expectHarmless(
            `${op.method} ${url.slice(0, 200)} ${String(body).slice(0, 80)}`,
            answer,
            before,
            {
              mayRead: op.method === 'GET',
            },
          );
        }),
        propertyParameters(80),
      );
    },
    propertyTimeout(80),
  );
});

describe('a key a route does not declare', () => {
  /**
   * A request that would be valid but for one misspelt key, for each route that takes `dryRun`
   * (targets that do not exist, so nothing could be changed were it taken): ignoring the key
   * would run a real offboarding, transfer or sweep instead of a dry run.
   */
  const misspelt: Record<string, unknown> = {
    '/admin/offboardings': { employeeId: 'E-NOBODY-DRYRUN', reason: 'misspelt dry run', dryrun: true },
    '/admin/consolidation': { workspaceIds: ['5f0000000000000000000000'], dryrun: true },
    '/admin/sweeps': { mode: 'report', dryrun: true },
  };

  it('is refused 400, naming it, on every route that takes a dry run, before anything is looked up', async () => {
    const dryRunRoutes = (await operations())
      .filter((op) => op.body !== null && 'dryRun' in op.body.fields)
      .map((op) => op.path);
    expect(dryRunRoutes.sort()).toEqual(Object.keys(misspelt).sort());
    for (const [path, body] of Object.entries(misspelt)) {
      const before = await sideEffects(h);
      const answer = await rawRequest(
        h.stack.api.url,
        'POST',
        path,
        { authorization: `Bearer ${h.stack.adminToken}`, 'content-type': 'application/json' },
        JSON.stringify(body),
      );
      expect(answer.status, `${path}: ${JSON.stringify(answer.json)}`).toBe(400);
      expect(String(answer.json.message), path).toContain('dryrun');
      expect(await sideEffects(h), path).toEqual(before);
    }
  });
});

describe('POST /admin/imports', () => {
  it(
    'refuses a hostile CSV with any bad row whole, with a message, importing nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(invalidEventsCsv, async (csv) => {
          const before = await sideEffects(h);
          const answer = await rawRequest(
            h.stack.api.url,
            'POST',
            '/admin/imports',
            { authorization: `Bearer ${h.stack.adminToken}`, 'content-type': 'text/csv' },
            csv,
          );
          expect(answer.status, JSON.stringify(answer.json).slice(0, 500)).toBe(400);
          await expectHarmless(`POST /admin/imports ${csv.slice(0, 120)}`, answer, before, {
            mayRead: false,
          });
        }),
        propertyParameters(30),
      );
    },
    propertyTimeout(30),
  );
});
