/**
 * The admin API's bodies as zod schemas: requests are validated with them, responses are checked
 * against them, and `/admin/openapi.json` is generated from them (never written by hand). What
 * shows a record derives from the record's schema (functions/contracts/records/): it only leaves
 * fields out, adds what the API joins in (`person`) and documents them.
 *
 * A record schema's own fields are documented with zod's `.meta()`, and a record schema is named
 * after an `.extend()`: zod copies its prototype's methods onto each schema as it makes it, and
 * the adapters load the record schemas before this module installs `.openapi()` (openapi-zod.ts),
 * so those schemas have no `.openapi()` in the functions. The document's build reads both.
 */
import * as z from 'zod';
import { BulkStatuses } from '../../core/admin/bulk-status.ts';
import './openapi-zod.ts';
import { ApprovalRecord } from '../../contracts/records/approvals.ts';
import {
  AuditVerification as AuditVerificationRecord,
  StoredAuditEntry,
} from '../../contracts/records/audit.ts';
import { Instant } from '../../contracts/records/instant.ts';
import {
  SeatReading,
  StoredNotification as StoredNotificationRecord,
} from '../../contracts/records/notifications.ts';
import {
  PersonEvent as PersonEventRecord,
  PersonProfile as PersonProfileRecord,
} from '../../contracts/records/people.ts';
import {
  CutProgress,
  EarlierAttempt,
  RunCuts,
  RunRecord,
  RunStep as RunStepRecord,
} from '../../contracts/records/runs.ts';
import { SweepRecord } from '../../contracts/records/sweeps.ts';

export const ErrorBody = z
  .object({
    error: z.string().openapi({ example: 'approval-not-pending' }),
    message: z.string().openapi({ example: 'Approval a-1 was already approved by ana@example.com' }),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Error');

export const RunStep = RunStepRecord.extend({}).openapi('RunStep');

/** A cut as admins see it: the record's entry without its concurrency counter (`rev`). */
export const AccessCut = CutProgress.omit({ rev: true })
  .extend({
    state: CutProgress.shape.state.meta({
      description:
        '`done`: read back; `refused`: the other side will not do it, a person must act; `gave-up`: still failing after the keep-trying window',
    }),
    dueAt: CutProgress.shape.dueAt.meta({
      description: 'When Lanyard could first act: effectiveAt, or when the event arrived if later',
    }),
    attempts: CutProgress.shape.attempts.meta({ description: 'Failed tries so far' }),
    seconds: CutProgress.shape.seconds.meta({ description: 'Time to cut: endedAt − dueAt, in seconds' }),
    lateNotifiedAt: CutProgress.shape.lateNotifiedAt.meta({
      description: 'When admins were told the cut is past its SLO',
    }),
  })
  .openapi('AccessCut');

const Cuts = RunCuts.extend({ trello: AccessCut.optional(), idp: AccessCut.optional() });

/** The person behind an employee id, so an admin reads a name next to the id. */
export const PersonName = z
  .object({ fullName: z.string(), email: z.string() })
  .nullable()
  .openapi('PersonName', { description: 'Null when Lanyard has no record of the person' });

/** A run as its record holds it, but for the HR event it was started for (internal). */
export const Run = RunRecord.omit({ event: true })
  .extend({
    steps: z.array(RunStep),
    cuts: Cuts.optional().openapi({ description: 'Offboarding: each access cut and its time to cut' }),
    earlierAttempts: z
      .array(
        EarlierAttempt.extend({
          endedAs: EarlierAttempt.shape.endedAs.meta({
            description: '`interrupted` (a restart), or how it ended before a retry',
          }),
          by: EarlierAttempt.shape.by.meta({ description: '`restart`, or `admin:<who>` for a retry' }),
          steps: z.array(RunStep),
          cuts: Cuts.optional(),
        }),
      )
      .optional()
      .openapi({
        description: 'Earlier executions of the run, oldest first, with their steps (never erased)',
      }),
    person: PersonName.optional().openapi({ description: 'Who `employeeId` is (listings and the run page)' }),
  })
  .openapi('Run');

const entry = StoredAuditEntry.shape;

export const AuditEntry = StoredAuditEntry.extend({
  actor: entry.actor.meta({ example: 'admin:ana@example.com' }),
  action: entry.action.meta({ example: 'grant-seat' }),
  target: entry.target.meta({ example: 'member:5f1c…' }),
  result: entry.result.meta({
    description:
      '`begun` opens an attempt at a change (written before it); `succeeded` / `failed` is its outcome, a separate entry',
  }),
  attempt: entry.attempt.meta({
    description: 'Which try of the change: 1, then 2… after a failed outcome',
  }),
  begunId: entry.begunId.meta({ description: "On an outcome: the id of its attempt's begun entry" }),
  seq: entry.seq.meta({ description: "Place in its day's hash chain (the UTC day of `at`), from 1" }),
  prevHash: entry.prevHash.meta({
    description: "The chain's previous entry's hash; 64 zeros for the first",
  }),
  hash: entry.hash.meta({
    description:
      'SHA-256 of the RFC 8785 (JCS) form of every other field of this entry (README "Audit trail")',
  }),
  person: PersonName.optional().openapi({
    description: 'Who `employeeId` is; not part of the entry or its hash (added when listed)',
  }),
}).openapi('AuditEntry');

const broken = AuditVerificationRecord.shape.firstBroken.unwrap();

export const AuditVerification = AuditVerificationRecord.extend({
  checked: AuditVerificationRecord.shape.checked.meta({
    description: 'Entries whose hash and link were checked',
  }),
  firstBroken: broken
    .extend({
      day: broken.shape.day.meta({ example: '2026-11-22' }),
      id: broken.shape.id.meta({ description: 'Null when the entry is gone' }),
    })
    .nullable()
    .openapi({
      description: 'The first broken entry, in day and chain order; null when the trail is intact',
    }),
}).openapi('AuditVerification');

/** No task token here: the record has none (it never leaves the server). */
export const Approval = ApprovalRecord.extend({
  person: PersonName.optional().openapi({ description: 'Who `subjectEmployeeId` is' }),
}).openapi('Approval');

const profile = PersonProfileRecord.shape;

export const PersonProfile = PersonProfileRecord.extend({
  lastLifecycleEvent: profile.lastLifecycleEvent.meta({
    description: 'The hire, rehire or termination last applied (absent on older records)',
  }),
  lastLeaveEvent: profile.lastLeaveEvent.meta({
    description: 'The leave start or end last applied (absent on older records)',
  }),
}).openapi('PersonProfile');

export const PersonEvent = PersonEventRecord.extend({
  stale: PersonEventRecord.shape.stale.meta({
    description: 'Refused as older in HR order; never applied',
  }),
}).openapi('PersonEvent');

export const Person = z
  .object({ profile: PersonProfile, events: z.array(PersonEvent), runs: z.array(Run) })
  .openapi('Person');

export const RunDetail = z.object({ run: Run, audit: z.array(AuditEntry) }).openapi('RunDetail');

export const page = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

export const SeatTrend = z
  .array(SeatReading)
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
    checkedAt: Instant,
    queued: z
      .array(
        z.object({
          approvalId: z.string(),
          employeeId: z.string().nullable(),
          email: z.string().nullable(),
          effectiveAt: Instant,
          person: PersonName.optional(),
        }),
      )
      .openapi({ description: 'Onboardings waiting for a seat, in HR order (released as seats free up)' }),
    upcoming: z
      .array(z.object({ employeeId: z.string(), effectiveAt: Instant }))
      .openapi({ description: 'Hires whose start date is still ahead' }),
    forecastAvailable: z.number().int().nullable().openapi({
      description: 'Seats left once every queued and upcoming hire has one (negative: a shortfall)',
    }),
    trend: SeatTrend,
  })
  .openapi('Seats');

export const StoredNotification = StoredNotificationRecord.extend({}).openapi('Notification');

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
export const SweepFields = SweepRecord;
