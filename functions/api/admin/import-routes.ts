/**
 * The routes the admin imports function serves: those that take CSV uploads — the import of HR
 * events, and the reconciliations (an admin may give one HR's export as its truth). Parsing
 * uploads has a function of its own, away from the credentials and the decisions of the others.
 * API Gateway sends their paths here (infra/api-catalog.ts).
 */
import type { AdminRoutes } from './admin-app.ts';
import { registerImportRoutes } from './routes/imports.ts';
import { registerReconciliationRoutes } from './routes/reconciliations.ts';

export const importRoutes: AdminRoutes = (app) => {
  registerImportRoutes(app);
  registerReconciliationRoutes(app);
};
