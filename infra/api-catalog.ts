/**
 * The two HTTP functions behind the API. Like the step catalog, the stack creates them from this
 * list and the local API server maps the synthesized functions back to these modules (by the
 * LANYARD_STEP variable), so the two cannot drift.
 */
import type { StepDefinition } from './step-catalog.ts';

export interface ApiFunctionDefinition extends StepDefinition {
  /** What the function needs beyond the step access. */
  api: {
    /** events:PutEvents on the lifecycle bus. */
    publishEvents: boolean;
    /** Reads the Standard Webhooks secret. */
    webhookSecret: boolean;
    /** Ships the console's static files beside its bundle. */
    console: boolean;
  };
}

export const API_FUNCTIONS = [
  {
    id: 'hr-ingest-api',
    entry: 'functions/handlers/api/hr-ingest.ts',
    description: 'POST /hr/events: verifies, validates, de-duplicates and publishes HR events',
    // Notifies admins of an event id reused with a different body (accept-hr-event.ts).
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: false, notify: true },
    api: { publishEvents: true, webhookSecret: true, console: false },
    timeoutSeconds: 29,
  },
  {
    id: 'admin-api',
    entry: 'functions/handlers/api/admin-api.ts',
    description: 'The admin API (/admin/*) and the console',
    // Lists runs and approvals by status (the console's lists, the seat queue) and notifies admins.
    access: { table: 'read-write', statusIndex: true, trelloSecret: true, taskCallbacks: true, notify: true },
    api: { publishEvents: true, webhookSecret: false, console: true },
    timeoutSeconds: 29,
  },
] as const satisfies readonly ApiFunctionDefinition[];

export type ApiFunctionId = (typeof API_FUNCTIONS)[number]['id'];

/** Where the console's files are in the source tree (and, copied, beside the admin bundle). */
export const CONSOLE_SOURCE_DIR = 'functions/api/console';
