/**
 * The AWS JSON protocol as the SDK speaks it: POST `/`, `X-Amz-Target: <Service>.<Operation>`,
 * a JSON body, errors as `{ "__type", "message" }` with status 400. Signatures are not checked
 * (credentials are dummy locally); the endpoint binds to loopback only.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';

export type Operation = (body: Record<string, unknown>) => Promise<unknown> | unknown;

export interface JsonEndpoint {
  url: string;
  close(): Promise<void>;
}

export async function startJsonEndpoint(options: {
  service: string;
  contentType: string;
  operations: Record<string, Operation>;
  port?: number;
}): Promise<JsonEndpoint> {
  const app = new Hono();
  app.post('/', async (c) => {
    const target = c.req.header('x-amz-target') ?? '';
    const [service, operation] = target.split('.');
    const reply = (status: 200 | 400 | 500, body: unknown) =>
      c.body(JSON.stringify(body), status, { 'content-type': options.contentType });
    if (service !== options.service || !operation || !(operation in options.operations)) {
      return reply(400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
    }
    let body: Record<string, unknown>;
    try {
      body = z.record(z.string(), z.unknown()).parse(JSON.parse((await c.req.text()) || '{}'));
    } catch {
      return reply(400, {
        __type: 'SerializationException',
        message: 'The request body is not a JSON object',
      });
    }
    try {
      return reply(200, (await options.operations[operation]?.(body)) ?? {});
    } catch (error) {
      const e = error as Error;
      const known = e.name && e.name !== 'Error' && e.name !== 'TypeError';
      return reply(known ? 400 : 500, { __type: known ? e.name : 'InternalFailure', message: e.message });
    }
  });
  return new Promise((resolve) => {
    const server = serve(
      { fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 },
      (info: AddressInfo) => {
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          // Clients keep connections alive; close them too, or close() waits for their idle timeout.
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
            }),
        });
      },
    );
  });
}
