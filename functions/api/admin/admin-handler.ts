import { fileURLToPath } from 'node:url';
import { handle } from 'hono/aws-lambda';
import type { ApiDependencies } from '../../composition/api-dependencies.ts';
import type { DependencySource } from '../../composition/composition.ts';
import { ConfigKeys as K } from '../../composition/config-keys.ts';
import { type AdminApp, type AdminRoutes, createAdminApp } from './admin-app.ts';

/**
 * An admin function: its group of routes in the admin shell, behind API Gateway (HTTP API,
 * payload 2.0). The console's files sit beside the bundle on Lambda (LANYARD_CONSOLE_DIR, the
 * function that ships them) and in the source tree locally. `app` is exported for the test that
 * checks every documented route reaches the function that registers it.
 */
export function adminFunction(dependencies: DependencySource<ApiDependencies>, routes: AdminRoutes) {
  const app: AdminApp = createAdminApp({
    dependencies,
    consoleDir: process.env[K.consoleDir] ?? fileURLToPath(new URL('../console', import.meta.url)),
    routes: [routes],
  });
  return { app, handler: handle(app) };
}
