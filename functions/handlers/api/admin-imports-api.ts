import { adminFunction } from '../../api/admin/admin-handler.ts';
import { importRoutes } from '../../api/admin/import-routes.ts';
import { apiDependenciesOf } from '../../composition/api-dependencies.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { publisher } from '../../composition/providers/publisher.ts';
import { workflow } from '../../composition/providers/workflow.ts';

/**
 * The ports the CSV imports use (besides the record ports, clock and the API's own parts): the
 * bus publisher, the HR-event door every imported row goes through; the notifier, for an event id
 * reused with another body; the workflow engine, which runs reconciliations (with or without an
 * HR export). Exported for the test that checks it against the code.
 */
export const dependencies = apiDependenciesOf(
  { publisher, notifier, workflow },
  'The admin API (CSV imports, reconciliations)',
);

/** `POST /admin/imports` and the reconciliations (import-routes.ts). */
export const { app, handler } = adminFunction(dependencies, importRoutes);
