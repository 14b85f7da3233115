/**
 * A stand-in for BambooHR's REST API "Get Employee", for tests only:
 * `GET /api/gateway.php/{companyDomain}/v1/employees/{id}?fields=a,b,…` behind Basic auth (the API
 * key as user name, any password), answering a flat object of the requested field aliases (unset
 * ones as ""), 404 to an unknown employee, 401 to another key. It records every request and can be
 * told to fail, so the BambooHR adapter's Event-Based path is exercised over real HTTP. The answer
 * shape is UNVERIFIED beyond BambooHR's docs (see functions/api/hr-vendors/bamboohr.ts).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface BambooHrApiStandIn {
  url: string;
  /** `LANYARD_BAMBOOHR_API` for this stand-in. */
  credentials: { companyDomain: string; apiKey: string; baseUrl: string };
  putEmployee(id: string, fields: Record<string, string | null>): void;
  deleteEmployee(id: string): void;
  failWith(status: number | null): void;
  requests: Array<{ path: string; fields: string[] }>;
  close(): Promise<void>;
}

export async function startBambooHrApi(): Promise<BambooHrApiStandIn> {
  const companyDomain = 'acme';
  const apiKey = randomBytes(20).toString('hex');
  const employees = new Map<string, Record<string, string | null>>();
  const requests: BambooHrApiStandIn['requests'] = [];
  let failure: number | null = null;

  const app = new Hono();
  app.get(`/api/gateway.php/${companyDomain}/v1/employees/:id`, (c) => {
    const fields = (c.req.query('fields') ?? '').split(',').filter(Boolean);
    requests.push({ path: c.req.path, fields });
    if (failure !== null) return c.json({ error: 'failure' }, failure as ContentfulStatusCode);
    const [user] = Buffer.from((c.req.header('authorization') ?? '').replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    if (user !== apiKey) return c.body(null, 401);
    const employee = employees.get(c.req.param('id'));
    if (!employee) return c.body(null, 404);
    return c.json({
      id: c.req.param('id'),
      ...Object.fromEntries(fields.map((f) => [f, employee[f] ?? ''])),
    });
  });
  app.notFound((c) => c.body(null, 404));

  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      const url = `http://127.0.0.1:${info.port}`;
      resolve({
        url,
        credentials: { companyDomain, apiKey, baseUrl: `${url}/api/gateway.php/${companyDomain}/v1` },
        putEmployee: (id, fields) => employees.set(id, fields),
        deleteEmployee: (id) => employees.delete(id),
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
