import * as z from 'zod';
import { importEvents } from '../../../core/admin/import-events.ts';
import { MAX_IMPORT_ROWS, parseEventsCsv } from '../../../core/admin/parse-events-csv.ts';
import type { AdminApp } from '../admin-app.ts';
import { ErrorBody, ImportRefusal, ImportResult } from '../admin-schemas.ts';
import { createRoute } from '../openapi-zod.ts';

/** Generous for MAX_IMPORT_ROWS rows; far below API Gateway's and Lambda's payload caps. */
const MAX_IMPORT_BYTES = 1024 * 1024;

const create = createRoute({
  method: 'post',
  path: '/admin/imports',
  summary: `Imports a CSV of HR events (at most ${MAX_IMPORT_ROWS} rows): all rows or none`,
  description:
    'Columns: id (optional), type, occurredAt, effectiveAt, employeeId, email, fullName, department, managerEmail. Every row is validated first; one bad row refuses the file (400, each bad row with its line number) and nothing is applied. Valid files go through the same de-duplication and HR-order checks as webhooks.',
  request: { body: { required: true, content: { 'text/csv': { schema: z.string() } } } },
  responses: {
    200: { description: 'Every row was applied', content: { 'application/json': { schema: ImportResult } } },
    400: {
      description: 'Refused; nothing applied',
      content: { 'application/json': { schema: ImportRefusal } },
    },
    401: { description: 'Not authenticated', content: { 'application/json': { schema: ErrorBody } } },
    413: { description: 'Too large', content: { 'application/json': { schema: ErrorBody } } },
    415: { description: 'Not CSV', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function registerImportRoutes(app: AdminApp): void {
  app.openapi(create, async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/^text\/csv\b/i.test(type)) {
      return c.json(
        { error: 'unsupported-media-type', message: 'Send the file as "Content-Type: text/csv"' },
        415,
      );
    }
    const text = await c.req.text();
    if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_BYTES) {
      return c.json(
        {
          error: 'too-large',
          message: `An import is at most ${MAX_IMPORT_BYTES} bytes; split the file (the CLI does this for you)`,
        },
        413,
      );
    }
    const parsed = parseEventsCsv(text);
    if (!parsed.ok) return c.json({ error: 'invalid-csv', message: parsed.message, rows: parsed.rows }, 400);
    return c.json(await importEvents(parsed.events, c.var.deps), 200);
  });
}
