import { fileURLToPath } from 'node:url';
import { handle } from 'hono/aws-lambda';
import { createAdminApp } from '../../api/admin/admin-app.ts';
import { apiDependencies } from '../../runtime/api-dependencies.ts';
import { ConfigKeys as K } from '../../runtime/config-keys.ts';

/**
 * `/admin/*` and the console behind API Gateway (HTTP API, payload 2.0). The console's files sit
 * beside the bundle on Lambda (LANYARD_CONSOLE_DIR) and in the source tree locally.
 */
export const handler = handle(
  createAdminApp({
    dependencies: apiDependencies,
    consoleDir: process.env[K.consoleDir] ?? fileURLToPath(new URL('../../api/console/', import.meta.url)),
  }),
);
