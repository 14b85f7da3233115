/**
 * The HTTP functions behind the API and the routes each serves. Like the step catalog, the stack
 * creates them (and their API Gateway routes) from this list and the local API server maps the
 * synthesized functions back to these modules (by the LANYARD_STEP variable), so the two cannot
 * drift. The admin API is four functions, by what their routes need: most requests hit `admin-api`,
 * which holds no Trello credential and parses no upload; API Gateway sends the paths of the other
 * three to them (its most specific route wins over `/admin/{proxy+}`), and a test checks that every
 * documented route lands on the function that registers it.
 */
import type { RouteThrottleGroup } from './deploy-config.ts';
import type { FunctionDefinition } from './step-catalog.ts';

export interface ApiRoute {
  method: 'ANY' | 'GET' | 'POST';
  /** API Gateway's path syntax: `{param}`, `{proxy+}`. */
  path: string;
  /** Behind the Cognito JWT authorizer (the admin routes); public routes authenticate otherwise or hold no data. */
  authorized: boolean;
  /** Whose throttle the route gets (deploy config `api.routeThrottles`). */
  throttle: RouteThrottleGroup;
}

export interface ApiFunctionDefinition extends FunctionDefinition {
  /** What an HTTP function is beyond its access (which the step catalog's `StepAccess` says, granted the same way). */
  api: {
    /** Serves admin routes: callers are who API Gateway's authorizer says (LANYARD_ADMIN_AUTH=gateway). */
    admin: boolean;
    /** Ships the console's static files (and the API's document) beside its bundle. */
    console: boolean;
    routes: readonly ApiRoute[];
  };
}

/** Admin routes (behind the authorizer, on the admin throttle) at these paths, any method. */
const adminPaths = (...paths: string[]): ApiRoute[] =>
  paths.map((path) => ({ method: 'ANY', path, authorized: true, throttle: 'admin' }));

/** What the admin functions beside `admin-api` have in common: admin callers only, no console. */
const ADMIN_PATHS_FUNCTION = { admin: true, console: false } as const;

export const API_FUNCTIONS = [
  {
    id: 'hr-ingest-api',
    entry: 'functions/handlers/api/hr-ingest.ts',
    description: 'POST /hr/events: verifies, validates, de-duplicates and publishes HR events',
    // Notifies admins of an event id reused with a different body (accept-hr-event.ts). Reads the
    // webhook secrets: the Standard Webhooks signature is the authentication.
    access: {
      table: 'read-write',
      trelloSecret: false,
      taskCallbacks: false,
      notify: true,
      webhookSecrets: true,
      publishesEvents: true,
    },
    api: {
      admin: false,
      console: false,
      routes: [
        { method: 'POST', path: '/hr/events', authorized: false, throttle: 'hrEvents' },
        { method: 'POST', path: '/hr/events/{vendor}', authorized: false, throttle: 'hrEvents' },
      ],
    },
    timeoutSeconds: 29,
  },
  {
    id: 'admin-api',
    entry: 'functions/handlers/api/admin-api.ts',
    description: 'The admin API (approvals, runs, people, offboardings, quarantine…) and the console',
    // Lists runs and approvals by status (the console's lists) and notifies admins.
    // Sweeps: starts them and drops members (their approvals).
    access: {
      table: 'read-write',
      statusIndex: true,
      trelloSecret: false,
      taskCallbacks: true,
      publishesEvents: true,
      startsRuns: true,
    },
    api: {
      admin: true,
      console: true,
      routes: [
        { method: 'ANY', path: '/admin/{proxy+}', authorized: true, throttle: 'admin' },
        // Public: the API's description and the console's static files hold no data.
        { method: 'GET', path: '/admin/openapi.json', authorized: false, throttle: 'console' },
        { method: 'GET', path: '/', authorized: false, throttle: 'console' },
        { method: 'GET', path: '/console/{file}', authorized: false, throttle: 'console' },
        // Public too: an idle member's "keep my seat" answer, whose credential is the mailed link's token.
        { method: 'POST', path: '/keep-seat', authorized: false, throttle: 'keepSeat' },
      ],
    },
    timeoutSeconds: 29,
  },
  {
    id: 'admin-exports-api',
    entry: 'functions/handlers/api/admin-exports-api.ts',
    description: 'The admin API routes that export CSV: the audit trail and the sweeps',
    // Sweeps: starts them and drops members (their approvals).
    access: {
      table: 'read-write',
      statusIndex: true,
      trelloSecret: false,
      taskCallbacks: true,
      startsRuns: true,
    },
    api: {
      ...ADMIN_PATHS_FUNCTION,
      routes: adminPaths('/admin/audit', '/admin/audit/{proxy+}', '/admin/sweeps', '/admin/sweeps/{proxy+}'),
    },
    timeoutSeconds: 29,
  },
  {
    id: 'admin-imports-api',
    entry: 'functions/handlers/api/admin-imports-api.ts',
    description:
      'The admin API routes that take CSV uploads: HR event imports, reconciliations (an HR export)',
    // Notifies admins of an event id reused with a different body, as the HR webhook does; lists
    // reconciliations by status and decides their fix approvals.
    access: {
      table: 'read-write',
      statusIndex: true,
      trelloSecret: false,
      taskCallbacks: true,
      notify: true,
      publishesEvents: true,
      startsRuns: true,
    },
    api: {
      ...ADMIN_PATHS_FUNCTION,
      routes: adminPaths('/admin/imports', '/admin/reconciliations', '/admin/reconciliations/{proxy+}'),
    },
    timeoutSeconds: 29,
  },
  {
    id: 'admin-trello-api',
    entry: 'functions/handlers/api/admin-trello-api.ts',
    description:
      'The admin API routes that read Trello: the overview, seats and the seat queue, consolidation',
    // Releases queued onboardings (their approval waits) when seats are free.
    access: {
      table: 'read-write',
      statusIndex: true,
      trelloSecret: true,
      taskCallbacks: true,
      notify: true,
      startsRuns: true,
    },
    api: {
      ...ADMIN_PATHS_FUNCTION,
      routes: adminPaths('/admin/overview', '/admin/seats', '/admin/seats/{proxy+}', '/admin/consolidation'),
    },
    timeoutSeconds: 29,
  },
] as const satisfies readonly ApiFunctionDefinition[];

export type ApiFunctionId = (typeof API_FUNCTIONS)[number]['id'];

/** Where the console's files are in the source tree (and, copied, beside the admin bundle). */
export const CONSOLE_SOURCE_DIR = 'functions/api/console';
