import { adminFunction } from '../../api/admin/admin-handler.ts';
import { exportRoutes } from '../../api/admin/export-routes.ts';
import { apiDependenciesOf } from '../../composition/api-dependencies.ts';
import { mailer } from '../../composition/providers/mailer.ts';
import { workflow } from '../../composition/providers/workflow.ts';

/**
 * The ports the audit and sweep routes use (besides the record ports, clock and the API's own
 * parts): the workflow engine and the mailer for sweeps. Exported for the test that
 * checks it against the code.
 */
export const dependencies = apiDependenciesOf({ workflow, mailer }, 'The admin API (audit, sweeps)');

/** The audit trail and the sweeps, with their CSV exports (export-routes.ts). */
export const { app, handler } = adminFunction(dependencies, exportRoutes);
