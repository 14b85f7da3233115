import { fileURLToPath } from 'node:url';
import { handle } from 'hono/aws-lambda';
import { createAdminApp } from '../../api/admin/admin-app.ts';
import { apiDependenciesOf } from '../../runtime/api-dependencies.ts';
import { ConfigKeys as K } from '../../runtime/config-keys.ts';
import { ALL_PORTS } from '../../runtime/dependencies.ts';

/**
 * `/admin/*` and the console behind API Gateway (HTTP API, payload 2.0). The console's files sit
 * beside the bundle on Lambda (LANYARD_CONSOLE_DIR) and in the source tree locally. The admin API
 * uses nearly every port: it names them all.
 */
export const handler = handle(
  createAdminApp({
    dependencies: apiDependenciesOf(ALL_PORTS, 'The admin API'),
    consoleDir: process.env[K.consoleDir] ?? fileURLToPath(new URL('../../api/console/', import.meta.url)),
  }),
);
