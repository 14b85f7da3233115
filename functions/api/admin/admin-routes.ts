/**
 * The routes the admin function serves: approvals and other decisions, runs, people, the console
 * and the API's document. The routes that read Trello (trello-routes.ts), take CSV uploads
 * (import-routes.ts) or export CSV (export-routes.ts) have functions of their own: this one, which
 * most requests hit, holds no Trello credential and stays small.
 */
import type { AdminRoutes } from './admin-app.ts';
import { registerApprovalRoutes } from './routes/approvals.ts';
import { registerConsoleRoutes } from './routes/console.ts';
import { registerKeepSeatRoute } from './routes/keep-seat.ts';
import { registerNotificationRoutes } from './routes/notifications.ts';
import { registerOffboardingRoutes } from './routes/offboardings.ts';
import { registerOpenApiDocumentRoute } from './routes/openapi-document.ts';
import { registerPeopleRoutes } from './routes/people.ts';
import { registerQuarantineRoutes } from './routes/quarantine.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerWhoamiRoute } from './routes/whoami.ts';

export const adminRoutes: AdminRoutes = (app, { dependencies, consoleDir }) => {
  registerWhoamiRoute(app);
  registerApprovalRoutes(app);
  registerRunRoutes(app);
  registerQuarantineRoutes(app);
  registerPeopleRoutes(app);
  registerOffboardingRoutes(app);
  registerNotificationRoutes(app);
  registerKeepSeatRoute(app, dependencies);
  registerOpenApiDocumentRoute(app, consoleDir);
  registerConsoleRoutes(app, consoleDir, dependencies);
};
