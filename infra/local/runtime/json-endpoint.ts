/**
 * The AWS JSON protocol as the SDK speaks it: POST `/`, `X-Amz-Target: <Service>.<Operation>`,
 * `Content-Type: application/x-amz-json-1.x`, a JSON body, errors as `{ "__type", "message" }`
 * with status 400. A request must carry a Signature Version 4 `Authorization` header of the right
 * shape, so a client that forgot to sign (or to configure credentials) fails here as it would on
 * AWS; the signature itself is not checked, as credentials are dummy locally. The endpoint binds
 * to loopback only.
 *
 * With an `authorize` hook, a request signed as a function (../iam/caller.ts) is authorized after
 * its body is read and before its operation runs, as AWS authorizes a call before acting on it; a
 * refusal is answered as AWS answers it (HTTP 400, `com.amazon.coral.service#AccessDeniedException`).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { callerFunction } from '../iam/caller.ts';
import { AccessDeniedError, accessErrorBody, UnrecognizedClientError } from '../iam/iam-check.ts';

/** `AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request, SignedHeaders=…, Signature=<hex>`. */
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[a-z0-9-]+\/[a-z0-9-]+\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;

export type Operation = (body: Record<string, unknown>) => Promise<unknown> | unknown;

/** Authorizes one call of a function; throws AccessDeniedError (or UnrecognizedClientError) to refuse it. */
export type Authorize = (call: {
  functionName: string;
  operation: string;
  body: Record<string, unknown>;
}) => Promise<void>;

export interface JsonEndpoint {
  url: string;
  close(): Promise<void>;
}

export async function startJsonEndpoint(options: {
  service: string;
  contentType: string;
  operations: Record<string, Operation>;
  port?: number;
  authorize?: Authorize;
}): Promise<JsonEndpoint> {
  const app = new Hono();
  app.post('/', async (c) => {
    const target = c.req.header('x-amz-target') ?? '';
    const [service, operation] = target.split('.');
    const reply = (status: 200 | 400 | 500, body: unknown) =>
      c.body(JSON.stringify(body), status, { 'content-type': options.contentType });
    const authorization = c.req.header('authorization');
    if (!authorization) {
      return reply(400, {
        __type: 'MissingAuthenticationTokenException',
        message: 'Missing Authentication Token',
      });
    }
    if (!SIGV4.test(authorization)) {
      return reply(400, {
        __type: 'IncompleteSignatureException',
        message:
          'The Authorization header is not a Signature Version 4 header (AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…)',
      });
    }
    if (service !== options.service || !operation || !(operation in options.operations)) {
      return reply(400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
    }
    const contentType = (c.req.header('content-type') ?? '').split(';')[0]?.trim();
    if (contentType !== options.contentType) {
      return reply(400, {
        __type: 'SerializationException',
        message: `Content-Type must be ${options.contentType} (got ${contentType || 'none'})`,
      });
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
    const functionName = callerFunction(authorization);
    try {
      if (functionName !== undefined) await options.authorize?.({ functionName, operation, body });
      return reply(200, (await options.operations[operation]?.(body)) ?? {});
    } catch (error) {
      if (error instanceof AccessDeniedError || error instanceof UnrecognizedClientError)
        return reply(400, accessErrorBody(error));
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
