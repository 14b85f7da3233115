/**
 * The local stand-in for API Gateway (HTTP API, payload format 2.0): it serves the routes of the
 * synthesized template by invoking their Lambda functions with API Gateway v2 events, so the
 * handlers run exactly as they do behind API Gateway. What API Gateway itself answers is kept:
 * `{"message":"Not Found"}` for no route, 413 over Lambda's 6 MB request cap (refused while
 * reading: the body is never buffered past the cap), 500 `{"message":"Internal Server Error"}`
 * when the function throws. A path with undecodable percent-encoding (`%ff`) is 400, saying so.
 * Loopback only.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { LISTEN_BACKLOG } from '../listen-backlog.ts';
import type { LambdaHost } from '../runtime/lambda-host.ts';
import type { HttpRoute } from '../template/read-http-routes.ts';
import { LOCAL } from '../template/read-template.ts';
import { matchRoute, undecodableSegment } from './match-route.ts';

/** Lambda's synchronous invocation payload cap (API Gateway's own is 10 MB). */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/** What a payload-2.0 Lambda integration may return (API Gateway's "Working with AWS Lambda proxy integrations"). */
const ProxyResult = z.object({
  statusCode: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.coerce.string()).optional(),
  multiValueHeaders: z.record(z.string(), z.array(z.coerce.string())).optional(),
  cookies: z.array(z.string()).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
});

export async function startApiServer(options: {
  routes: HttpRoute[];
  host: LambdaHost;
  port?: number;
  onLog?: (line: string) => void;
}): Promise<ApiServer> {
  const app = new Hono();
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const method = c.req.method.toUpperCase();
    const bad = undecodableSegment(url.pathname);
    if (bad !== null) {
      return c.json(
        {
          error: 'invalid-path',
          message: `The path segment "${bad.slice(0, 80)}" is not valid percent-encoding: encode each byte of the UTF-8 text as %XX (e.g. "é" as %C3%A9)`,
        },
        400,
      );
    }
    const matched = matchRoute(options.routes, method, url.pathname);
    if (!matched) return c.json({ message: 'Not Found' }, 404);

    const bytes = await readBody(c.req.raw, MAX_BODY_BYTES);
    if (bytes === null) {
      // What the client sends after this is not kept: @hono/node-server discards it for a moment
      // (so the client reads this answer rather than a reset connection), then closes the socket.
      return c.json(
        {
          message: `Request Entity Too Large: send at most ${MAX_BODY_BYTES / 1024 / 1024} MB (Lambda's request payload cap)`,
        },
        413,
      );
    }
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => {
      if (name !== 'cookie') headers[name] = value;
    });
    const textual = isTextual(headers['content-type']);
    const now = new Date();
    const event = {
      version: '2.0',
      routeKey: matched.route.routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      cookies: c.req.header('cookie')?.split(/;\s*/),
      headers,
      queryStringParameters: queryParameters(url.searchParams),
      pathParameters: Object.keys(matched.pathParameters).length > 0 ? matched.pathParameters : undefined,
      requestContext: {
        accountId: LOCAL.account,
        apiId: 'local',
        domainName: url.host,
        domainPrefix: url.hostname.split('.')[0],
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: matched.route.routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      body: bytes.length === 0 ? undefined : textual ? bytes.toString('utf8') : bytes.toString('base64'),
      isBase64Encoded: bytes.length > 0 && !textual,
    };

    let result: z.infer<typeof ProxyResult>;
    try {
      result = ProxyResult.parse(await options.host.invoke(matched.route.functionLogicalId, event));
    } catch (error) {
      options.onLog?.(`api ${method} ${url.pathname}: the function failed (${(error as Error).name})`);
      return c.json({ message: 'Internal Server Error' }, 500);
    }
    const response = new Headers();
    for (const [name, value] of Object.entries(result.headers ?? {})) response.set(name, value);
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
      for (const value of values) response.append(name, value);
    for (const cookie of result.cookies ?? []) response.append('set-cookie', cookie);
    const body =
      result.body === undefined ? null : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
    return new Response(body, { status: result.statusCode, headers: response });
  });

  return new Promise((resolve, reject) => {
    const server = createAdaptorServer({ fetch: app.fetch });
    // A port in use fails the start with EADDRINUSE (npm start says which port and what to do),
    // rather than crashing the process as an unhandled 'error' event.
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          }),
      });
    });
  });
}

/**
 * The request body, read chunk by chunk and given up (null) as soon as it passes `cap` bytes —
 * or at once when its Content-Length says it will — so an oversized or endless body is never
 * held in memory.
 */
async function readBody(request: Request, cap: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > cap) return null;
  if (request.body === null) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return true;
  return /^(text\/|application\/(json|.*\+json|xml|x-www-form-urlencoded|javascript))/i.test(contentType);
}

/** Repeated parameters joined with commas, as payload 2.0 does. */
function queryParameters(params: URLSearchParams): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  for (const key of new Set(params.keys())) result[key] = params.getAll(key).join(',');
  return Object.keys(result).length > 0 ? result : undefined;
}
