/**
 * The admin API's routes as the admin function runs them: a hono app whose `openapi(route,
 * handler)` validates a request's params, query and JSON body with the route's zod schemas before
 * its handler runs — what @hono/zod-openapi's OpenAPIHono does, without the OpenAPI generator it
 * carries (openapi-zod.ts says why). The routes are kept, in order, for the document's build
 * (infra/admin-openapi.ts).
 */
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { zValidator } from '@hono/zod-validator';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Hono } from 'hono/tiny';
import type * as z from 'zod';

/** Answers a request that failed a route's schema (http-errors.ts: validationHook). */
export type ValidationHook = (
  result: { success: boolean; error?: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } },
  c: Context,
) => Response | undefined;

export class AdminRouter<E extends Env> extends Hono<E> {
  /** Every route registered with {@link openapi}, in order: the OpenAPI document's paths. */
  readonly documented: RouteConfig[] = [];

  constructor(private readonly hook: ValidationHook) {
    super();
  }

  openapi<R extends RouteConfig>(route: R, handler: RouteHandler<R, E>): this {
    this.documented.push(route);
    const { request } = route;
    const validators: MiddlewareHandler[] = [];
    if (request?.query) validators.push(this.validator('query', request.query));
    if (request?.params) validators.push(this.validator('param', request.params));
    const media = request?.body?.content['application/json'];
    const body = media && 'schema' in media ? (media.schema as z.ZodType | undefined) : undefined;
    if (body) {
      const validator = this.validator('json', body);
      validators.push(onlyJsonBodies, request?.body?.required ? validator : whenSent(validator));
    }
    const path = route.path.replaceAll(/\{(.+?)\}/g, ':$1');
    // The handler's types come from the route (RouteHandler); hono sees one more middleware.
    this.on([route.method.toUpperCase()], [path], ...validators, handler as unknown as MiddlewareHandler);
    return this;
  }

  private validator(target: 'query' | 'param' | 'json', schema: unknown): MiddlewareHandler {
    return zValidator(target, schema as z.ZodType, this.hook as never) as unknown as MiddlewareHandler;
  }
}

const JSON_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/** A route that takes JSON refuses any other content type, and a body sent without one (415). */
const onlyJsonBodies: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type');
  if (type ? !JSON_TYPE.test(type) : (await c.req.text()).length > 0) {
    throw new HTTPException(415, { message: 'Unsupported Media Type' });
  }
  await next();
};

/** An optional JSON body: validated when one is sent, `{}` when none is. */
function whenSent(validator: MiddlewareHandler): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.header('content-type')) return validator(c, next);
    c.req.addValidatedData('json', {});
    await next();
  };
}
