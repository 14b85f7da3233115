/** Items as stored, parsed with zod on every read: a malformed item is an error naming its key. */
import { z } from 'zod';
import { LifecycleStates, RunStatuses } from '../../ports/record-store.ts';

const AppliedEvent = z.object({
  id: z.string(),
  type: z.string(),
  effectiveAt: z.string(),
  occurredAt: z.string(),
});

export const ProfileItem = z.object({
  employeeId: z.string(),
  email: z.string(),
  fullName: z.string(),
  department: z.string().nullable(),
  managerEmail: z.string().nullable(),
  trelloMemberId: z.string().nullable(),
  lifecycle: z.enum(LifecycleStates),
  onLeave: z.boolean(),
  lastEvent: AppliedEvent.nullable(),
  currentRunId: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});

const StepEntry = z.object({
  step: z.string(),
  at: z.string(),
  result: z.enum(['done', 'skipped', 'planned', 'failed']),
  detail: z.string(),
  /** Unused since `stepOrder` (kept so older items still parse). */
  order: z.number().optional(),
});

export const RunItem = z.object({
  runId: z.string(),
  kind: z.enum(['onboarding', 'offboarding', 'sweep']),
  employeeId: z.string().nullable(),
  executionName: z.string(),
  eventId: z.string().nullable(),
  status: z.enum(RunStatuses),
  outcome: z.string().nullable(),
  summary: z.string().nullable(),
  dryRun: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  steps: z.record(z.string(), StepEntry),
  /** Step names in order of first occurrence. */
  stepOrder: z.array(z.string()).optional(),
});

export const AuditItem = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  result: z.enum(['pending', 'succeeded', 'failed', 'planned', 'skipped']),
  detail: z.string(),
  runId: z.string().nullable(),
  employeeId: z.string().nullable(),
});

export const AuditReservationItem = z.object({ auditPk: z.string(), auditSk: z.string() });

export const ApprovalItem = z.object({
  id: z.string(),
  runId: z.string(),
  kind: z.string(),
  subjectEmployeeId: z.string().nullable(),
  subjectEmail: z.string().nullable(),
  question: z.string(),
  options: z.array(z.string()),
  status: z.enum(['pending', 'approved', 'rejected', 'expired']),
  createdAt: z.string(),
  expiresAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
  /** Never leaves the store except through approvalTaskToken(). */
  taskToken: z.string().nullable(),
});

export function parseItem<T>(schema: z.ZodType<T>, item: unknown, where: string): T {
  const parsed = schema.safeParse(item);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`)
      .join('; ');
    throw new Error(`Malformed record ${where}: ${problems}`);
  }
  return parsed.data;
}

export type RunItem = z.infer<typeof RunItem>;
export type AuditItem = z.infer<typeof AuditItem>;
export type ApprovalItem = z.infer<typeof ApprovalItem>;
