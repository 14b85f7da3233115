/**
 * The canonical HR event (DESIGN.md "Interfaces"): what HR systems send to `POST /hr/events`,
 * what vendor adapters map onto, and the `detail` of every lifecycle event on the bus.
 */
import * as z from 'zod';

export const HrEventTypes = [
  'employee.hired',
  'employee.rehired',
  'employee.terminated',
  'employee.updated',
  'employee.leave_started',
  'employee.leave_ended',
] as const;
export type HrEventType = (typeof HrEventTypes)[number];

const CANONICAL_PREFIX = 'employee.';

/** The short name of each HR event type: `hired` for `employee.hired`, in contract order. */
export const SHORT_EVENT_TYPES = HrEventTypes.map((t) => t.slice(CANONICAL_PREFIX.length));

/** The accepted spellings, for messages and help. */
export const EVENT_TYPE_VOCABULARY = `${SHORT_EVENT_TYPES.join(', ')} (or in full: employee.hired, …)`;

/**
 * An event type as a person writes it — short (`hired`) or canonical (`employee.hired`), any case —
 * as its canonical name; null when it names no type.
 */
export function canonicalEventType(name: string): HrEventType | null {
  const lower = name.trim().toLowerCase();
  const full = lower.startsWith(CANONICAL_PREFIX) ? lower : `${CANONICAL_PREFIX}${lower}`;
  return HrEventTypes.find((t) => t === full) ?? null;
}

/** EventBridge `detail-type` per HR event type: Title Case, past tense (STYLE.md §7). */
export const DetailTypes: Record<HrEventType, string> = {
  'employee.hired': 'Employee Hired',
  'employee.rehired': 'Employee Rehired',
  'employee.terminated': 'Employee Terminated',
  'employee.updated': 'Employee Updated',
  'employee.leave_started': 'Employee Leave Started',
  'employee.leave_ended': 'Employee Leave Ended',
};

/** `source` of lifecycle events on the bus. */
export const HR_EVENT_SOURCE = 'lanyard.hr';

const isoInstant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-12-01T09:00:00Z',
});

export const Employee = z.object({
  id: z
    .string()
    .trim()
    .min(1, 'employee.id is required')
    .max(128)
    .regex(/^[A-Za-z0-9._:-]+$/, 'employee.id may hold letters, digits and . _ : - only'),
  email: z
    .email('employee.email must be an email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  fullName: z.string().trim().min(1, 'employee.fullName is required').max(200),
  department: z.string().trim().min(1).max(100).nullish(),
  managerEmail: z
    .email('employee.managerEmail must be an email address')
    .max(254)
    .transform((e) => e.toLowerCase())
    .nullish(),
});
export type Employee = z.infer<typeof Employee>;

export const HrEvent = z.object({
  id: z
    .string()
    .trim()
    .min(1, 'id is required')
    .max(128)
    .regex(/^[A-Za-z0-9._:-]+$/, 'id may hold letters, digits and . _ : - only'),
  type: z.enum(HrEventTypes),
  occurredAt: isoInstant,
  effectiveAt: isoInstant,
  employee: Employee,
  /** A termination to act on now, whatever its `effectiveAt` (e.g. a dismissal for cause). */
  urgent: z.boolean().optional(),
});
export type HrEvent = z.infer<typeof HrEvent>;

/**
 * The bus event `detail`: the canonical event plus what only Lanyard's own tools set. A dry run
 * walks the whole workflow and records the plan without changing Trello.
 */
export const LifecycleEventDetail = HrEvent.extend({
  dryRun: z.boolean().default(false),
  /** Set when an admin started it from the API or CLI (`admin:<who>`); HR events leave it out. */
  requestedBy: z.string().min(1).max(300).optional(),
  /** Why an admin started it; kept in the run record and the audit trail. */
  reason: z.string().trim().min(1).max(1000).optional(),
});
export type LifecycleEventDetail = z.infer<typeof LifecycleEventDetail>;
