/**
 * The admin API's bodies as zod schemas: requests are validated with them, responses are checked
 * against them, and `/admin/openapi.json` is generated from them (never written by hand).
 */
import * as z from 'zod';
import { BulkStatuses } from '../../core/admin/bulk-status.ts';
import './openapi-zod.ts';
import { ApprovalStatuses } from '../../core/model/approval-statuses.ts';
import { LifecycleStates } from '../../core/model/lifecycle-states.ts';
import { RunStatuses } from '../../core/model/run-statuses.ts';
import { SweepModes, SweepStatuses } from '../../core/model/sweep-vocabulary.ts';

export const ErrorBody = z
  .object({
    error: z.string().openapi({ example: 'approval-not-pending' }),
    message: z.string().openapi({ example: 'Approval a-1 was already approved by ana@example.com' }),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Error');

const instant = z.string().openapi({ format: 'date-time' });

export const RunStep = z
  .object({
    step: z.string(),
    at: instant,
    result: z.enum(['done', 'skipped', 'planned', 'failed']),
    detail: z.string(),
  })
  .openapi('RunStep');

export const AccessCut = z
  .object({
    state: z.enum(['trying', 'done', 'refused', 'gave-up']).openapi({
      description:
        '`done`: read back; `refused`: the other side will not do it, a person must act; `gave-up`: still failing after the keep-trying window',
    }),
    effectiveAt: instant,
    dueAt: instant.openapi({
      description: 'When Lanyard could first act: effectiveAt, or when the event arrived if later',
    }),
    sloSeconds: z.number(),
    attempts: z.number().int().openapi({ description: 'Failed tries so far' }),
    lastError: z.string().nullable(),
    lastErrorAt: instant.nullable(),
    endedAt: instant.nullable(),
    seconds: z.number().nullable().openapi({ description: 'Time to cut: endedAt − dueAt, in seconds' }),
    lateNotifiedAt: instant
      .nullable()
      .openapi({ description: 'When admins were told the cut is past its SLO' }),
    detail: z.string().nullable(),
  })
  .openapi('AccessCut');

/** The person behind an employee id, so an admin reads a name next to the id. */
export const PersonName = z
  .object({ fullName: z.string(), email: z.string() })
  .nullable()
  .openapi('PersonName', { description: 'Null when Lanyard has no record of the person' });

export const Run = z
  .object({
    runId: z.string(),
    kind: z.enum(['onboarding', 'offboarding', 'sweep', 'mover', 'leave', 'reconciliation']),
    employeeId: z.string().nullable(),
    executionName: z.string(),
    eventId: z.string().nullable(),
    status: z.enum(RunStatuses),
    outcome: z.string().nullable(),
    summary: z.string().nullable(),
    dryRun: z.boolean(),
    startedAt: instant,
    finishedAt: instant.nullable(),
    steps: z.array(RunStep),
    cuts: z
      .object({ trello: AccessCut.optional(), idp: AccessCut.optional() })
      .optional()
      .openapi({ description: 'Offboarding: each access cut and its time to cut' }),
    earlierAttempts: z
      .array(
        z.object({
          executionName: z.string(),
          endedAs: z
            .string()
            .openapi({ description: '`interrupted` (a restart), or how it ended before a retry' }),
          supersededAt: instant,
          by: z.string().openapi({ description: '`restart`, or `admin:<who>` for a retry' }),
          steps: z.array(RunStep),
          cuts: z.object({ trello: AccessCut.optional(), idp: AccessCut.optional() }).optional(),
        }),
      )
      .optional()
      .openapi({
        description: 'Earlier executions of the run, oldest first, with their steps (never erased)',
      }),
    person: PersonName.optional().openapi({ description: 'Who `employeeId` is (listings and the run page)' }),
  })
  .openapi('Run');

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const AuditEntry = z
  .object({
    id: z.string(),
    at: instant,
    actor: z.string().openapi({ example: 'admin:ana@example.com' }),
    action: z.string().openapi({ example: 'grant-seat' }),
    target: z.string().openapi({ example: 'member:5f1c…' }),
    result: z.enum(['begun', 'succeeded', 'failed', 'planned', 'skipped']).openapi({
      description:
        '`begun` opens an attempt at a change (written before it); `succeeded` / `failed` is its outcome, a separate entry',
    }),
    detail: z.string(),
    runId: z.string().nullable(),
    employeeId: z.string().nullable(),
    attempt: z
      .number()
      .int()
      .openapi({ description: 'Which try of the change: 1, then 2… after a failed outcome' }),
    begunId: z
      .string()
      .nullable()
      .openapi({ description: "On an outcome: the id of its attempt's begun entry" }),
    seq: z
      .number()
      .int()
      .openapi({ description: "Place in its day's hash chain (the UTC day of `at`), from 1" }),
    prevHash: sha256.openapi({ description: "The chain's previous entry's hash; 64 zeros for the first" }),
    hash: sha256.openapi({
      description:
        'SHA-256 of the RFC 8785 (JCS) form of every other field of this entry (README "Audit trail")',
    }),
    person: PersonName.optional().openapi({
      description: 'Who `employeeId` is; not part of the entry or its hash (added when listed)',
    }),
  })
  .openapi('AuditEntry');

export const AuditVerification = z
  .object({
    ok: z.boolean(),
    checked: z.number().int().openapi({ description: 'Entries whose hash and link were checked' }),
    firstBroken: z
      .object({
        day: z.string().openapi({ example: '2026-11-22' }),
        seq: z.number().int(),
        id: z.string().nullable().openapi({ description: 'Null when the entry is gone' }),
        problem: z.enum(['edited', 'removed', 'reordered', 'truncated']),
      })
      .nullable()
      .openapi({
        description: 'The first broken entry, in day and chain order; null when the trail is intact',
      }),
  })
  .openapi('AuditVerification');

/** No task token here: it never leaves the server. */
export const Approval = z
  .object({
    id: z.string(),
    runId: z.string(),
    kind: z.string(),
    subjectEmployeeId: z.string().nullable(),
    subjectEmail: z.string().nullable(),
    question: z.string(),
    options: z.array(z.string()),
    status: z.enum(ApprovalStatuses),
    createdAt: instant,
    expiresAt: instant,
    decidedBy: z.string().nullable(),
    decidedAt: instant.nullable(),
    comment: z.string().nullable(),
    person: PersonName.optional().openapi({ description: 'Who `subjectEmployeeId` is' }),
  })
  .openapi('Approval');

const AppliedEvent = z.object({
  id: z.string(),
  type: z.string(),
  effectiveAt: instant,
  occurredAt: instant,
});

export const PersonProfile = z
  .object({
    employeeId: z.string(),
    email: z.string(),
    fullName: z.string(),
    department: z.string().nullable(),
    managerEmail: z.string().nullable(),
    trelloMemberId: z.string().nullable(),
    lifecycle: z.enum(LifecycleStates),
    onLeave: z.boolean(),
    lastEvent: AppliedEvent.nullable(),
    lastLifecycleEvent: AppliedEvent.nullable()
      .optional()
      .openapi({ description: 'The hire, rehire or termination last applied (absent on older records)' }),
    lastLeaveEvent: AppliedEvent.nullable()
      .optional()
      .openapi({ description: 'The leave start or end last applied (absent on older records)' }),
    currentRunId: z.string().nullable(),
    version: z.number().int(),
    updatedAt: instant,
  })
  .openapi('PersonProfile');

export const PersonEvent = AppliedEvent.extend({
  stale: z.boolean().openapi({ description: 'Refused as older in HR order; never applied' }),
}).openapi('PersonEvent');

export const Person = z
  .object({ profile: PersonProfile, events: z.array(PersonEvent), runs: z.array(Run) })
  .openapi('Person');

export const RunDetail = z.object({ run: Run, audit: z.array(AuditEntry) }).openapi('RunDetail');

export const page = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

export const SeatTrend = z
  .array(z.object({ day: z.string(), used: z.number().int(), total: z.number().int().nullable() }))
  .openapi({ description: 'Seats in use per day over the last 30 days (days Lanyard read them)' });

export const Seats = z
  .object({
    total: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Seats purchased; null when Trello does not say' }),
    used: z.number().int(),
    available: z.number().int().nullable(),
    checkedAt: instant,
    queued: z
      .array(
        z.object({
          approvalId: z.string(),
          employeeId: z.string().nullable(),
          email: z.string().nullable(),
          effectiveAt: instant,
          person: PersonName.optional(),
        }),
      )
      .openapi({ description: 'Onboardings waiting for a seat, in HR order (released as seats free up)' }),
    upcoming: z
      .array(z.object({ employeeId: z.string(), effectiveAt: instant }))
      .openapi({ description: 'Hires whose start date is still ahead' }),
    forecastAvailable: z.number().int().nullable().openapi({
      description: 'Seats left once every queued and upcoming hire has one (negative: a shortfall)',
    }),
    trend: SeatTrend,
  })
  .openapi('Seats');

export const StoredNotification = z
  .object({
    id: z.string(),
    at: instant,
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    runId: z.string().nullable(),
    approvalId: z.string().nullable(),
  })
  .openapi('Notification');

export const Caller = z
  .object({ caller: z.string(), via: z.enum(['token', 'jwt', 'iam']) })
  .openapi('Caller');

export const Decision = z
  .strictObject({ comment: z.string().trim().max(1000).optional() })
  .openapi('Decision');

/** One status per member or row of bulk work (functions/core/admin/bulk-status.ts). */
export const BulkStatus = z
  .enum(BulkStatuses)
  .describe(
    'added: done now; already-there: nothing to do; refused-by-policy: a rule said no (reason says which and what to change); failed: see reason',
  )
  .openapi('BulkStatus');

export const BulkStatusCounts = z
  .object({
    added: z.number().int(),
    'already-there': z.number().int(),
    'refused-by-policy': z.number().int(),
    failed: z.number().int(),
  })
  .openapi('BulkStatusCounts');

export const ImportRowResult = z.object({
  line: z.number().int(),
  eventId: z.string(),
  /** `failed`: this row could not be accepted (reason); the other rows were. */
  outcome: z.enum(['accepted', 'duplicate', 'stale', 'failed']),
  message: z.string().optional(),
  status: BulkStatus,
  reason: z.string().optional(),
});

export const ImportResult = z
  .object({
    rows: z.number().int(),
    accepted: z.number().int(),
    duplicates: z.number().int(),
    stale: z.number().int(),
    failed: z.number().int(),
    statuses: BulkStatusCounts,
    results: z.array(ImportRowResult),
  })
  .openapi('ImportResult');

export const ImportRefusal = ErrorBody.extend({
  rows: z.array(z.object({ line: z.number().int(), problems: z.array(z.string()) })),
}).openapi('ImportRefusal');

export const Cursor = z.string().max(2000).optional();
export const Limit = z.coerce.number().int().min(1).max(200).optional();

/** A sweep as its record holds it: the sweep views (one sweep, the list, the overview) extend it. */
export const SweepFields = z.object({
  sweepId: z.string(),
  mode: z.enum(SweepModes),
  dryRun: z.boolean(),
  inactiveSince: z.string(),
  requestedBy: z.string(),
  status: z.enum(SweepStatuses),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  seatsBefore: z.number().nullable(),
  seatsAfter: z.number().nullable(),
});
