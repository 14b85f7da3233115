/**
 * The routes the admin exports function serves: the audit trail and the sweeps, the two that
 * export CSV too. API Gateway sends their paths here (infra/api-catalog.ts lists them).
 */
import type { AdminRoutes } from './admin-app.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerSweepRoutes } from './routes/sweeps.ts';

export const exportRoutes: AdminRoutes = (app) => {
  registerAuditRoutes(app);
  registerSweepRoutes(app);
};
