import { fileURLToPath } from 'node:url';
import { handle } from 'hono/aws-lambda';
import { createAdminApp } from '../../api/admin/admin-app.ts';
import { apiDependenciesOf } from '../../runtime/api-dependencies.ts';
import { ConfigKeys as K } from '../../runtime/config-keys.ts';
import { mailer } from '../../runtime/providers/mailer.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { publisher } from '../../runtime/providers/publisher.ts';
import { trello } from '../../runtime/providers/trello.ts';
import { workflow } from '../../runtime/providers/workflow.ts';

/**
 * The ports the admin API uses (besides the records store, clock and the API's own parts): Trello
 * for seat reports, consolidation and the seat queue; the notifier; the workflow engine for
 * decisions, retries, sweeps and reconciliations; the mailer for sweeps' keep-seat mails; the bus
 * publisher for imports and offboardings. Exported for the test that checks it against the code.
 */
export const dependencies = apiDependenciesOf(
  { trello, notifier, workflow, mailer, publisher },
  'The admin API',
);

/**
 * `/admin/*` and the console behind API Gateway (HTTP API, payload 2.0). The console's files sit
 * beside the bundle on Lambda (LANYARD_CONSOLE_DIR) and in the source tree locally.
 */
export const handler = handle(
  createAdminApp({
    dependencies,
    consoleDir: process.env[K.consoleDir] ?? fileURLToPath(new URL('../../api/console/', import.meta.url)),
  }),
);
