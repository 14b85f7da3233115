/**
 * The local stand-in for API Gateway (HTTP API, payload format 2.0): it serves the routes of the
 * synthesized template by invoking their Lambda functions with API Gateway v2 events, so the
 * handlers run exactly as they do behind API Gateway. What API Gateway itself answers is kept:
 * `{"message":"Not Found"}` for no route, 413 over Lambda's 6 MB request cap, 500
 * `{"message":"Internal Server Error"}` when the function throws. Loopback only.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import type { LambdaHost } from '../runtime/lambda-host.ts';
import type { HttpRoute } from '../template/read-http-routes.ts';
import { LOCAL } from '../template/resolve-asl.ts';
import { matchRoute } from './match-route.ts';

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
    const matched = matchRoute(options.routes, method, url.pathname);
    if (!matched) return c.json({ message: 'Not Found' }, 404);

    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length > MAX_BODY_BYTES) return c.json({ message: 'Request Entity Too Large' }, 413);
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

  return new Promise((resolve) => {
    const server = serve(
      { fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 },
      (info: AddressInfo) => {
        resolve({
          url: `http://127.0.0.1:${info.port}`,
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
