import { adminFunction } from '../../api/admin/admin-handler.ts';
import { trelloRoutes } from '../../api/admin/trello-routes.ts';
import { apiDependenciesOf } from '../../composition/api-dependencies.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { trello } from '../../composition/providers/trello.ts';
import { workflow } from '../../composition/providers/workflow.ts';

/**
 * The ports the Trello routes use (besides the record ports, clock and the API's own parts):
 * Trello for the overview's and the seat report's counts, the seat queue and consolidation; the
 * workflow engine and the notifier for releasing queued onboardings. Exported for the test that
 * checks it against the code.
 */
export const dependencies = apiDependenciesOf(
  { trello, workflow, notifier },
  'The admin API (overview, seats, consolidation)',
);

/** The overview, seats and the seat queue, consolidation (trello-routes.ts). */
export const { app, handler } = adminFunction(dependencies, trelloRoutes);
