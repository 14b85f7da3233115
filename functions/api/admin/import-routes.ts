/**
 * The route the admin imports function serves: the CSV import of HR events. Parsing uploads (up to
 * 1 MB) has a function of its own, away from the credentials and the decisions of
 * the others. API Gateway sends its path here (infra/api-catalog.ts).
 */
import type { AdminRoutes } from './admin-app.ts';
import { registerImportRoutes } from './routes/imports.ts';

export const importRoutes: AdminRoutes = (app) => {
  registerImportRoutes(app);
};
