import * as z from 'zod';
import { namesOf, withNames } from '../../../core/admin/people-names.ts';
import { decideApproval } from '../../../core/approvals/decide-approval.ts';
import { ApprovalNotFoundError } from '../../../core/errors.ts';
import { ApprovalStatuses } from '../../../core/model/approval-statuses.ts';
import type { AdminApp } from '../admin-app.ts';
import { Approval, Cursor, Decision, ErrorBody, Limit, page } from '../admin-schemas.ts';
import { createRoute, json } from '../openapi-zod.ts';

const errors = {
  400: json(ErrorBody, 'Invalid request'),
  401: json(ErrorBody, 'Not authenticated'),
};

const ApprovalId = z.object({ id: z.string().min(1).max(200) });

const list = createRoute({
  method: 'get',
  path: '/admin/approvals',
  summary: 'Approvals, newest first (pending ones by default)',
  request: {
    query: z.object({ status: z.enum(ApprovalStatuses).default('pending'), limit: Limit, cursor: Cursor }),
  },
  responses: { 200: json(page(Approval, 'ApprovalPage'), 'A page of approvals'), ...errors },
});

const get = createRoute({
  method: 'get',
  path: '/admin/approvals/{id}',
  summary: 'One approval (never its task token)',
  request: { params: ApprovalId },
  responses: { 200: json(Approval, 'The approval'), 404: json(ErrorBody, 'No such approval'), ...errors },
});

const decide = (decision: 'approve' | 'reject') =>
  createRoute({
    method: 'post',
    path: `/admin/approvals/{id}/${decision}`,
    summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a pending approval as the authenticated caller`,
    description:
      'Single-use: a decided or expired approval answers 409. The subject of an approval answers 403. The waiting workflow continues at once.',
    request: {
      params: ApprovalId,
      body: { required: false, content: { 'application/json': { schema: Decision } } },
    },
    responses: {
      200: json(Approval, 'The decided approval'),
      403: json(ErrorBody, 'The caller is the subject of the approval'),
      404: json(ErrorBody, 'No such approval'),
      409: json(ErrorBody, 'Already decided or expired'),
      ...errors,
    },
  });

export function registerApprovalRoutes(app: AdminApp): void {
  app.openapi(list, async (c) => {
    const { status, limit, cursor } = c.req.valid('query');
    const { people, approvals } = c.var.deps;
    const page = await approvals.listApprovals({ status, limit, cursor });
    return c.json({ ...page, items: await withNames(page.items, (a) => a.subjectEmployeeId, people) }, 200);
  });
  app.openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const { people, approvals } = c.var.deps;
    const approval = await approvals.getApproval(id);
    if (approval === null) throw new ApprovalNotFoundError(`Approval ${id} does not exist`);
    const names = await namesOf([approval.subjectEmployeeId], people);
    return c.json({ ...approval, person: names.get(approval.subjectEmployeeId ?? '') ?? null }, 200);
  });
  for (const [verb, decision] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    app.openapi(decide(verb), async (c) => {
      const { id } = c.req.valid('param');
      const body = (c.req.valid('json') as z.infer<typeof Decision> | undefined) ?? {};
      const decided = await decideApproval(
        { approvalId: id, decision, by: c.var.caller.id, comment: body.comment || null },
        { ...c.var.deps, excludeSubjectManager: c.var.deps.api.excludeSubjectManager },
      );
      return c.json(decided, 200);
    });
  }
}
