import * as z from 'zod';
import { auditCsv } from '../../../core/admin/audit-csv.ts';
import { auditNewestFirst } from '../../../core/admin/audit-newest-first.ts';
import { withNames } from '../../../core/admin/people-names.ts';
import type { StoredAuditEntry } from '../../../ports/records/audit-log.ts';
import type { AdminApp } from '../admin-app.ts';
import { AuditEntry, AuditVerification, Cursor, ErrorBody, Limit, page } from '../admin-schemas.ts';
import { HttpProblem } from '../http-errors.ts';
import { createRoute } from '../openapi-zod.ts';

/** An export reads at most this many entries; narrow `since` for more (the CLI pages instead). */
const MAX_EXPORT_ENTRIES = 50_000;

const Since = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T.+)?$/, 'since must be a date (2026-11-01) or an ISO date-time')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'since is not a real date')
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s).toISOString());

/** `until` as a day means the whole of that day. */
const Until = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T.+)?$/, 'until must be a date (2026-11-30) or an ISO date-time')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'until is not a real date')
  .transform((s) => new Date(s.length === 10 ? `${s}T23:59:59.999Z` : s).toISOString());

const ListQuery = z
  .object({
    since: Since,
    format: z.enum(['json', 'csv']).default('json'),
    order: z.enum(['oldest', 'newest']).default('oldest').openapi({
      description:
        '`oldest` (default): day by day in chain order, as exports and chain checks read it. `newest`: newest first, and the filters below apply',
    }),
    until: Until.optional(),
    person: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'order=newest: entries about this employee id or email' }),
    action: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'order=newest: entries whose action contains this, e.g. `decide`' }),
    limit: Limit,
    cursor: Cursor,
  })
  .refine(
    (q) =>
      q.order === 'newest' || (q.until === undefined && q.person === undefined && q.action === undefined),
    {
      message: 'until, person and action filter the newest-first listing: add order=newest',
      path: ['order'],
    },
  )
  .refine((q) => q.order === 'oldest' || q.format === 'json', {
    message: 'The CSV export is oldest first: leave out order=newest',
    path: ['format'],
  });

const list = createRoute({
  method: 'get',
  path: '/admin/audit',
  summary:
    'The audit trail since a date, oldest first (day by day, each day in chain order), or newest first with filters by person, action and dates; `format=csv` exports it for spreadsheets. Every entry carries seq, prevHash and hash, so an export can be checked offline (README "Audit trail")',
  request: { query: ListQuery },
  responses: {
    200: {
      description: 'A page of audit entries (JSON), or every entry since `since` (CSV)',
      content: {
        'application/json': { schema: page(AuditEntry, 'AuditPage') },
        'text/csv': { schema: z.string() },
      },
    },
    400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorBody } } },
    401: { description: 'Not authenticated', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const verify = createRoute({
  method: 'get',
  path: '/admin/audit/verify',
  summary:
    "Walks the audit trail's hash chains (every day, or the days from `since`) and names the first broken entry: edited, removed, reordered, or truncated",
  request: { query: z.object({ since: Since.optional() }) },
  responses: {
    200: {
      description: 'The verification (ok is false when a chain is broken; firstBroken names where)',
      content: { 'application/json': { schema: AuditVerification } },
    },
    400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorBody } } },
    401: { description: 'Not authenticated', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function registerAuditRoutes(app: AdminApp): void {
  app.openapi(verify, async (c) => {
    const { since } = c.req.valid('query');
    return c.json(await c.var.deps.audit.verifyAudit({ ...(since !== undefined && { since }) }), 200);
  });

  app.openapi(list, async (c) => {
    const { since, format, order, until, person, action, limit, cursor } = c.req.valid('query');
    const { clock, people, audit } = c.var.deps;
    if (format === 'json') {
      const page =
        order === 'newest'
          ? await auditNewestFirst(
              {
                since,
                until: until ?? null,
                person: person ?? null,
                action: action ?? null,
                limit: limit ?? 50,
                cursor: cursor ?? null,
              },
              { records: { audit, people }, now: clock.now() },
            )
          : await audit.listAudit({ since, limit, cursor });
      return c.json({ ...page, items: await withNames(page.items, (e) => e.employeeId, people) }, 200);
    }

    const entries: StoredAuditEntry[] = [];
    let next: string | null = null;
    do {
      const pageOf = await audit.listAudit({ since, limit: 1000, cursor: next });
      entries.push(...pageOf.items);
      next = pageOf.nextCursor;
      if (entries.length > MAX_EXPORT_ENTRIES) {
        throw new HttpProblem(
          400,
          'export-too-large',
          `More than ${MAX_EXPORT_ENTRIES} audit entries since ${since}: export a later date, or page the JSON listing`,
        );
      }
    } while (next !== null);
    return c.body(auditCsv(entries), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="lanyard-audit-since-${since.slice(0, 10)}.csv"`,
    });
  });
}
