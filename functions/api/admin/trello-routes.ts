/**
 * The routes the admin Trello function serves: those that read Trello — the overview (its seat
 * count), the seat report and queue, and Workspace consolidation. The only admin function that
 * holds the Trello credential. API Gateway sends their paths here (infra/api-catalog.ts lists them).
 */
import type { AdminRoutes } from './admin-app.ts';
import { registerConsolidationRoutes } from './routes/consolidation.ts';
import { registerOverviewRoute } from './routes/overview.ts';
import { registerSeatRoutes } from './routes/seats.ts';

export const trelloRoutes: AdminRoutes = (app) => {
  registerOverviewRoute(app);
  registerSeatRoutes(app);
  registerConsolidationRoutes(app);
};
