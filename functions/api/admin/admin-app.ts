/**
 * The admin API (DESIGN.md "Interfaces") and the console, as hono apps that run unchanged in
 * Lambda (behind API Gateway) and on the local API server (which hands them API Gateway v2 events).
 * Two functions serve it, each with its own group of routes (admin-routes.ts,
 * enterprise-routes.ts) in the same shell: authentication, the request log line, errors.
 * Routes are declared with zod schemas; `/admin/openapi.json` is the document built from all of
 * them at build time (`npm run openapi`), shipped beside the bundle with the console's files.
 */
import type { ApiDependencies } from '../../composition/api-dependencies.ts';
import { logger } from '../../composition/powertools.ts';
import { AdminRouter } from './admin-router.ts';
import { authenticate, type Caller, type GatewayAuthorizer, sha256Hex } from './authenticate.ts';
import { errorResponse, validationHook } from './http-errors.ts';
export interface AdminEnv {
  /** hono/aws-lambda passes the API Gateway event as a binding. */
  Bindings: { event?: { requestContext?: { authorizer?: GatewayAuthorizer } } };
  Variables: { caller: Caller; deps: ApiDependencies };
}

export type AdminApp = AdminRouter<AdminEnv>;

export const OPENAPI_PATH = '/admin/openapi.json';

/** The document's file among the files the admin function ships (infra/admin-openapi.ts writes it). */
export const OPENAPI_FILE = 'openapi.json';

export interface AdminAppOptions {
  dependencies: () => Promise<ApiDependencies>;
  /** Where the console's files and the OpenAPI document are. */
  consoleDir: string;
}

/** Registers a group of routes: what one function serves. */
export type AdminRoutes = (app: AdminApp, options: AdminAppOptions) => void;

export function createAdminApp(options: AdminAppOptions & { routes: readonly AdminRoutes[] }): AdminApp {
  const app = new AdminRouter<AdminEnv>(validationHook);

  app.use('/admin/*', async (c, next) => {
    if (c.req.path === OPENAPI_PATH) return next();
    const deps = await options.dependencies();
    const caller = authenticate(deps.api.adminAuth, {
      authorization: c.req.header('authorization'),
      authorizer: c.env?.event?.requestContext?.authorizer,
    });
    if (caller === null) {
      return c.json(
        {
          error: 'unauthenticated',
          message:
            deps.api.adminAuth.mode === 'token'
              ? 'Send "Authorization: Bearer <admin token>" (npm start prints the token)'
              : 'Sign in through the console, or call with a valid JWT or IAM signature',
        },
        401,
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    c.set('deps', deps);
    c.set('caller', caller);
    c.header('Cache-Control', 'no-store');
    await next();
    // Every request is attributed: who, what, and the answer (never bodies, tokens or queries).
    // Who is a key (the first 16 hex of the SHA-256 of the caller's identity), not their email:
    // INFO lines carry no one's email or name; the audit trail names the approver.
    logger.info('admin request', {
      callerKey: sha256Hex(caller.id).slice(0, 16),
      via: caller.via,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
    });
  });

  for (const register of options.routes) register(app, options);

  app.notFound((c) =>
    c.json(
      { error: 'not-found', message: `No route ${c.req.method} ${c.req.path}; see ${OPENAPI_PATH}` },
      404,
    ),
  );
  app.onError((error, c) => errorResponse(c, error));
  return app;
}
