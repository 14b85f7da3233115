import { adminFunction } from '../../api/admin/admin-handler.ts';
import { adminRoutes } from '../../api/admin/admin-routes.ts';
import { apiDependenciesOf } from '../../composition/api-dependencies.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { publisher } from '../../composition/providers/publisher.ts';
import { workflow } from '../../composition/providers/workflow.ts';

/**
 * The ports the admin API uses (besides the record ports, clock and the API's own parts): the
 * notifier; the workflow engine for decisions, retries and reconciliations; the bus publisher for
 * offboardings. Not Trello: the routes that read it are admin-trello-api's.
 * Exported for the test that checks it against the code.
 */
export const dependencies = apiDependenciesOf({ notifier, workflow, publisher }, 'The admin API');

/** `/admin/*` but the other admin functions' paths, the console and `/keep-seat` (admin-routes.ts). */
export const { app, handler } = adminFunction(dependencies, adminRoutes);
