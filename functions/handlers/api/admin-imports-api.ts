import { adminFunction } from '../../api/admin/admin-handler.ts';
import { importRoutes } from '../../api/admin/import-routes.ts';
import { apiDependenciesOf } from '../../runtime/api-dependencies.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { publisher } from '../../runtime/providers/publisher.ts';

/**
 * The ports the CSV import uses (besides the records store, clock and the API's own parts): the
 * bus publisher, the HR-event door every imported row goes through, and the notifier for an event
 * id reused with another body. Exported for the test that checks it against the code.
 */
export const dependencies = apiDependenciesOf({ publisher, notifier }, 'The admin API (CSV imports)');

/** `POST /admin/imports` (import-routes.ts). */
export const { app, handler } = adminFunction(dependencies, importRoutes);
