/**
 * A stand-in for the Bob (HiBob) API, for tests only: `GET /v1/people/{id}` behind Basic auth
 * (service user id:token), serving the people a test puts in. It answers 401 to other
 * credentials and 404 to an unknown id, and can be told to fail, so the HiBob adapter's client
 * is exercised over real HTTP.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

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
  [more: string]: unknown;
}

export interface HiBobApiStandIn {
  url: string;
  credentials: { serviceUserId: string; token: string; baseUrl: string };
  putPerson(person: BobPersonFixture): void;
  /** Answer every request with this status until called again with null. */
  failWith(status: number | null): void;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startHiBobApi(): Promise<HiBobApiStandIn> {
  const serviceUserId = `SERVICE-${randomBytes(4).toString('hex')}`;
  const token = randomBytes(16).toString('hex');
  const expected = `Basic ${Buffer.from(`${serviceUserId}:${token}`).toString('base64')}`;
  const people = new Map<string, BobPersonFixture>();
  const requests: string[] = [];
  let failure: number | null = null;

  const app = new Hono();
  app.get('/v1/people/:id', (c) => {
    requests.push(c.req.path);
    if (failure !== null) return c.json({ error: 'failure' }, failure as ContentfulStatusCode);
    if (c.req.header('authorization') !== expected) return c.json({ error: 'Unauthorized' }, 401);
    const person = people.get(c.req.param('id'));
    return person ? c.json(person) : c.json({ error: 'Employee not found' }, 404);
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
