/**
 * A stand-in for the Bob (HiBob) API, for tests only, following Bob's People read contract
 * (apidocs.hibob.com reference/post_people-identifier, reference/post_people-search,
 * docs/people-read-api-contract), behind Basic auth (service user id:token):
 * - `POST /v1/people/{identifier}` (backend id or email) with `{ fields, humanReadable? }`: one
 *   employee object holding the requested fields nested at their jsonPath (root fields without
 *   `root.`) and, for non-null values, as `/category/field` `{ "value" }` keys; `humanReadable`
 *   `APPEND` adds a nested `humanReadable` copy, `REPLACE` answers the readable values only. 404 to
 *   an unknown employee, 400 to a body whose `fields` is not a list of dot-notation field ids.
 * - `POST /v1/people/search` with `{ fields, filters?, showInactive? }`: `{ employees: [...] }`;
 *   at most one filter, on `root.id` or `root.email` with operator `equals` (else 400); active
 *   employees only unless `showInactive` (an employee is inactive when `internal.status` is
 *   "Inactive").
 * - the GET reads Bob shut off on 6 May 2025 (`GET /v1/people`, `GET /v1/people/{id}`) are refused
 *   with 405 and a message naming the POST read. UNVERIFIED: the status and body Bob answers them
 *   with now (the docs only say they "will stop working").
 * Readable values: a fixture's `humanReadable` (same nesting) overrides; otherwise the machine
 * value is also the readable one. The shapes the docs leave open are those a public client
 * observed (JustParent/hibob-advanced-mcp, tests/fixtures/people, 2026-10-07): UNVERIFIED here.
 * It can be told to fail, and records every request, so the adapter's client is exercised over
 * real HTTP.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';

export interface BobPersonFixture {
  id: string;
  email?: string | null;
  displayName?: string | null;
  firstName?: string | null;
  surname?: string | null;
  work?: {
    department?: string | null;
    startDate?: string | null;
    reportsTo?: { email?: string | null; displayName?: string | null } | null;
  };
  internal?: { status?: string; terminationDate?: string | null };
  /** Human-readable values where they differ from the machine ones (e.g. a list item's name). */
  humanReadable?: Record<string, unknown>;
  [more: string]: unknown;
}

export interface BobRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface HiBobApiStandIn {
  url: string;
  credentials: { serviceUserId: string; token: string; baseUrl: string };
  putPerson(person: BobPersonFixture): void;
  /** Answer every request with this status until called again with null. */
  failWith(status: number | null): void;
  /** Requests received, in order (method, path and parsed JSON body). */
  requests: BobRequest[];
  close(): Promise<void>;
}

export async function startHiBobApi(): Promise<HiBobApiStandIn> {
  const serviceUserId = `SERVICE-${randomBytes(4).toString('hex')}`;
  const token = randomBytes(16).toString('hex');
  const expected = `Basic ${Buffer.from(`${serviceUserId}:${token}`).toString('base64')}`;
  const people = new Map<string, BobPersonFixture>();
  const requests: BobRequest[] = [];
  let failure: number | null = null;

  const FieldId = z
    .string()
    .regex(/^[A-Za-z_][\w]*(\.[\w]+)+$/, 'a dot-notation field id such as root.email');
  const ReadBody = z.object({
    fields: z.array(FieldId).max(400).optional(),
    humanReadable: z.enum(['APPEND', 'REPLACE']).optional(),
  });
  const SearchBody = ReadBody.extend({
    filters: z
      .array(
        z.object({
          fieldPath: z.enum(['root.id', 'root.email']),
          operator: z.literal('equals'),
          values: z.array(z.string()).min(1),
        }),
      )
      .max(1)
      .optional(),
    showInactive: z.boolean().optional(),
  });
  const DEFAULT_FIELDS = ['root.id', 'root.email', 'root.displayName', 'root.firstName', 'root.surname'];

  const valueAt = (node: unknown, path: string[]): unknown => {
    let at = node;
    for (const part of path)
      at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
    return at;
  };
  const setAt = (node: Record<string, unknown>, path: string[], value: unknown) => {
    let at = node;
    for (const part of path.slice(0, -1)) {
      at[part] ??= {};
      at = at[part] as Record<string, unknown>;
    }
    at[path.at(-1) as string] = value;
  };
  /** The employee as Bob answers a read: requested fields nested and as slash keys. */
  const answerFor = (person: BobPersonFixture, fields: string[], mode: 'APPEND' | 'REPLACE' | undefined) => {
    const machine: Record<string, unknown> = {};
    const readable: Record<string, unknown> = {};
    const slashes: Record<string, unknown> = {};
    for (const field of fields) {
      const jsonPath = field.replace(/^root\./, '').split('.');
      const value = valueAt(person, jsonPath) ?? null;
      const human = valueAt(person.humanReadable, jsonPath) ?? value;
      setAt(machine, jsonPath, value);
      if (human !== null) setAt(readable, jsonPath, human);
      if (value !== null)
        slashes[`/${field.replaceAll('.', '/')}`] = { value: mode === 'REPLACE' ? human : value };
    }
    if (mode === 'REPLACE') return { ...slashes, ...readable };
    return { ...slashes, ...machine, ...(mode === 'APPEND' ? { humanReadable: readable } : {}) };
  };
  const byIdentifier = (identifier: string) =>
    people.get(identifier) ??
    [...people.values()].find((p) => p.email?.toLowerCase() === identifier.toLowerCase()) ??
    null;
  const isActive = (p: BobPersonFixture) => (p.internal?.status ?? 'Active') !== 'Inactive';

  const app = new Hono();
  app.use('*', async (c, next) => {
    const text = c.req.method === 'POST' ? await c.req.text() : '';
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    requests.push({ method: c.req.method, path: c.req.path, body });
    c.set('body' as never, body as never);
    if (failure !== null) return c.json({ error: 'failure' }, failure as ContentfulStatusCode);
    if (c.req.header('authorization') !== expected) return c.json({ error: 'Unauthorized' }, 401);
    await next();
  });
  const shutOff = (c: Context) => {
    c.header('Allow', 'POST');
    return c.json(
      {
        error: 'Method Not Allowed',
        message: `GET ${c.req.path} was shut off on May 6, 2025: read people with POST /v1/people/{identifier} or POST /v1/people/search`,
      },
      405,
    );
  };
  app.get('/v1/people', shutOff);
  app.get('/v1/people/:identifier', shutOff);
  app.post('/v1/people/search', (c) => {
    const parsed = SearchBody.safeParse(c.get('body' as never) ?? {});
    if (!parsed.success) return c.json({ error: 'Bad request', message: parsed.error.message }, 400);
    const { fields = DEFAULT_FIELDS, humanReadable, filters = [], showInactive = false } = parsed.data;
    const filter = filters[0];
    const matches = [...people.values()]
      .filter((p) => showInactive || isActive(p))
      .filter((p) => {
        if (!filter) return true;
        const value = filter.fieldPath === 'root.id' ? p.id : (p.email ?? '');
        return filter.values.some((v) => v.toLowerCase() === value.toLowerCase());
      });
    return c.json({ employees: matches.map((p) => answerFor(p, fields, humanReadable)) });
  });
  app.post('/v1/people/:identifier', (c) => {
    const parsed = ReadBody.safeParse(c.get('body' as never) ?? {});
    if (!parsed.success) return c.json({ error: 'Bad request', message: parsed.error.message }, 400);
    const person = byIdentifier(c.req.param('identifier'));
    if (!person) return c.json({ error: 'Employee not found' }, 404);
    return c.json(answerFor(person, parsed.data.fields ?? DEFAULT_FIELDS, parsed.data.humanReadable));
  });
  app.notFound((c) => c.json({ error: `No route ${c.req.method} ${c.req.path}` }, 404));

  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      const url = `http://127.0.0.1:${info.port}`;
      resolve({
        url,
        credentials: { serviceUserId, token, baseUrl: url },
        putPerson: (person) => people.set(person.id, person),
        failWith: (status) => {
          failure = status;
        },
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          }),
      });
    });
  });
}
