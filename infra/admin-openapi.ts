/**
 * `npm run openapi`: builds the admin API's OpenAPI document from its routes' zod schemas and
 * writes it among the files the admin function ships (functions/api/console/openapi.json);
 * `--check` only compares and fails when the file is stale (the test suite runs it). A process of
 * its own: zod-to-openapi's `.openapi()` must be on zod before any of the API's schemas exists
 * (functions/api/admin/openapi-zod.ts says why the functions go without it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);
const { createAdminApp, OPENAPI_FILE } = await import('../functions/api/admin/admin-app.ts');
// Every admin function's routes: one document for the API, whichever function serves a route.
const { adminRoutes } = await import('../functions/api/admin/admin-routes.ts');
const { exportRoutes } = await import('../functions/api/admin/export-routes.ts');
const { importRoutes } = await import('../functions/api/admin/import-routes.ts');
const { trelloRoutes } = await import('../functions/api/admin/trello-routes.ts');
const { CONSOLE_SOURCE_DIR } = await import('./api-catalog.ts');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, CONSOLE_SOURCE_DIR, OPENAPI_FILE);

const app = createAdminApp({
  dependencies: () => Promise.reject(new Error('The OpenAPI build runs no request')),
  consoleDir: path.dirname(file),
  routes: [adminRoutes, trelloRoutes, importRoutes, exportRoutes],
});
const registry = new OpenAPIRegistry();
registry.registerComponent('securitySchemes', 'bearer', {
  type: 'http',
  scheme: 'bearer',
  description: 'Locally: the admin token npm start prints. On AWS: a Cognito JWT.',
});
for (const route of app.documented) registry.registerPath(route);
const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
  openapi: '3.1.0',
  info: {
    title: 'Lanyard admin API',
    version: '1',
    description:
      'Approvals, runs, people, seats, audit and imports of Lanyard, the Trello Enterprise lifecycle orchestrator.',
  },
  security: [{ bearer: [] }],
});
const text = `${JSON.stringify(document, null, 2)}\n`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {}
  if (current !== text) {
    console.error(
      `${path.relative(root, file)} is not the document the admin API's routes describe: run "npm run openapi" and commit it`,
    );
    process.exit(1);
  }
  console.log(`${path.relative(root, file)} is up to date`);
} else {
  writeFileSync(file, text);
  console.log(`wrote ${path.relative(root, file)} (${app.documented.length} routes)`);
}
