/**
 * The admin API (DESIGN.md "Interfaces") and the console, as one hono app that runs unchanged in
 * Lambda (behind API Gateway) and on the local API server (which hands it API Gateway v2 events).
 * Routes are declared with zod schemas; `/admin/openapi.json` is the document built from them at
 * build time (`npm run openapi`), shipped beside the bundle with the console's files.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApiDependencies } from '../../runtime/api-dependencies.ts';
import { logger } from '../../runtime/powertools.ts';
import { AdminRouter } from './admin-router.ts';
import { authenticate, type Caller, type GatewayAuthorizer, sha256Hex } from './authenticate.ts';
import { errorResponse, validationHook } from './http-errors.ts';
import { registerApprovalRoutes } from './routes/approvals.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerConsoleRoutes } from './routes/console.ts';
import { registerConsolidationRoutes } from './routes/consolidation.ts';
import { registerImportRoutes } from './routes/imports.ts';
import { registerKeepSeatRoute } from './routes/keep-seat.ts';
import { registerNotificationRoutes } from './routes/notifications.ts';
import { registerOffboardingRoutes } from './routes/offboardings.ts';
import { registerOverviewRoute } from './routes/overview.ts';
import { registerPeopleRoutes } from './routes/people.ts';
import { registerQuarantineRoutes } from './routes/quarantine.ts';
import { registerReconciliationRoutes } from './routes/reconciliations.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerSeatRoutes } from './routes/seats.ts';
import { registerSweepRoutes } from './routes/sweeps.ts';
import { registerWhoamiRoute } from './routes/whoami.ts';

export interface AdminEnv {
  /** hono/aws-lambda passes the API Gateway event as a binding. */
  Bindings: { event?: { requestContext?: { authorizer?: GatewayAuthorizer } } };
  Variables: { caller: Caller; deps: ApiDependencies };
}

export type AdminApp = AdminRouter<AdminEnv>;

export const OPENAPI_PATH = '/admin/openapi.json';

/** The document's file among the files the admin function ships (infra/admin-openapi.ts writes it). */
export const OPENAPI_FILE = 'openapi.json';

export function createAdminApp(options: {
  dependencies: () => Promise<ApiDependencies>;
  consoleDir: string;
}): AdminApp {
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

  registerWhoamiRoute(app);
  registerOverviewRoute(app);
  registerApprovalRoutes(app);
  registerRunRoutes(app);
  registerQuarantineRoutes(app);
  registerPeopleRoutes(app);
  registerAuditRoutes(app);
  registerImportRoutes(app);
  registerOffboardingRoutes(app);
  registerSweepRoutes(app);
  registerReconciliationRoutes(app);
  registerConsolidationRoutes(app);
  registerNotificationRoutes(app);
  registerSeatRoutes(app);
  registerKeepSeatRoute(app, options.dependencies);
  registerOpenApiDocument(app, options.consoleDir);
  registerConsoleRoutes(app, options.consoleDir, options.dependencies);

  app.notFound((c) =>
    c.json(
      { error: 'not-found', message: `No route ${c.req.method} ${c.req.path}; see ${OPENAPI_PATH}` },
      404,
    ),
  );
  app.onError((error, c) => errorResponse(c, error));
  return app;
}

/** The document, read once per cold start; public like the console's files (it holds no data). */
function registerOpenApiDocument(app: AdminApp, dir: string): void {
  let document: Promise<string> | undefined;
  app.get(OPENAPI_PATH, async (c) => {
    document ??= readFile(path.join(dir, OPENAPI_FILE), 'utf8').catch((error: unknown) => {
      document = undefined; // a missing file is reported (500, logged), not cached
      throw error;
    });
    return c.body(await document, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
}
