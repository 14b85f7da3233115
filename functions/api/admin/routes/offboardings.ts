import * as z from 'zod';
import { requestOffboarding } from '../../../core/admin/request-offboarding.ts';
import type { AdminApp } from '../admin-app.ts';
import { ErrorBody } from '../admin-schemas.ts';
import { createRoute, json } from '../openapi-zod.ts';

// Strict: a misspelt key (`dryrun`) is refused, never dropped — dropped, it would offboard for real.
const OffboardingRequest = z
  .strictObject({
    employeeId: z.string().min(1).max(128),
    reason: z.string().trim().min(1, 'say why (kept in the run record and the audit trail)').max(1000),
    urgent: z.boolean().default(false).openapi({ description: 'Act now, whatever effectiveAt says' }),
    effectiveAt: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'When access ends; default now' }),
    dryRun: z.boolean().default(false),
  })
  .openapi('OffboardingRequest');

const OffboardingAccepted = z
  .object({
    outcome: z.enum(['accepted', 'duplicate', 'stale']),
    eventId: z.string(),
    runId: z.string(),
    message: z.string().optional(),
  })
  .openapi('OffboardingAccepted');

const create = createRoute({
  method: 'post',
  path: '/admin/offboardings',
  summary: 'Offboards a person now or at a date, as the authenticated caller, with a reason',
  description:
    'Sends the same employee.terminated event HR would (de-duplicated, in HR order) from the person’s record; the offboarding workflow then runs. Follow it at GET /admin/runs/{runId}.',
  request: { body: { required: true, content: { 'application/json': { schema: OffboardingRequest } } } },
  responses: {
    202: json(OffboardingAccepted, 'Accepted (or already requested: outcome duplicate)'),
    400: json(ErrorBody, 'Invalid request'),
    401: json(ErrorBody, 'Not authenticated'),
    404: json(ErrorBody, 'No such person'),
    409: json(ErrorBody, 'Already offboarded, or older in HR order than what was applied'),
  },
});

export function registerOffboardingRoutes(app: AdminApp): void {
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const result = await requestOffboarding({ ...body, by: c.var.caller.id }, c.var.deps);
    if (result.outcome === 'stale') return c.json({ error: 'stale', message: result.message }, 409);
    return c.json(result, 202);
  });
}
