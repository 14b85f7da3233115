/**
 * HR order, not arrival order (DESIGN.md "Properties"): events for one person apply by
 * `effectiveAt`, then `occurredAt`, then id (a stable tiebreak so two machines agree).
 */
export interface OrderedEvent {
  id: string;
  effectiveAt: string;
  occurredAt: string;
}

export function compareHrOrder(a: OrderedEvent, b: OrderedEvent): number {
  return (
    Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt) ||
    Date.parse(a.occurredAt) - Date.parse(b.occurredAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** True when `event` comes before what was already applied: it must be recorded, never applied. */
export function isStale(event: OrderedEvent, lastApplied: OrderedEvent | null): boolean {
  return lastApplied !== null && event.id !== lastApplied.id && compareHrOrder(event, lastApplied) < 0;
}

const LIFECYCLE_EVENTS = new Set(['employee.hired', 'employee.rehired', 'employee.terminated']);
const LEAVE_EVENTS = new Set(['employee.leave_started', 'employee.leave_ended']);

/** What a person's record says was applied last: every event, and per kind (absent on older records). */
export interface AppliedOrder<T extends OrderedEvent = OrderedEvent> {
  lastEvent: T | null;
  lastLifecycleEvent?: T | null;
  lastLeaveEvent?: T | null;
}

/** What a person's record keeps of an applied event. */
export function appliedEventOf<T extends OrderedEvent & { type: string }>(
  event: T,
): OrderedEvent & { type: T['type'] } {
  return { id: event.id, type: event.type, effectiveAt: event.effectiveAt, occurredAt: event.occurredAt };
}

/** True when nothing newer in HR order than `event` was applied: its HR data is the person's now. */
export function isNewest(event: OrderedEvent, lastEvent: OrderedEvent | null | undefined): boolean {
  return lastEvent == null || compareHrOrder(event, lastEvent) >= 0;
}

/**
 * The department a profile event leaves on the record: the event's when it is the newest in HR
 * order and names one (an update without one changes nothing), else the one on record.
 */
export function departmentAfter(
  event: OrderedEvent & { employee: { department?: string | null } },
  profile: { department: string | null; lastEvent: OrderedEvent | null } | null,
): string | null {
  return (
    (isNewest(event, profile?.lastEvent) ? event.employee.department : null) ?? profile?.department ?? null
  );
}

/** The later of two events in HR order (null counts as earliest). */
export function laterInHrOrder<T extends OrderedEvent>(a: T | null, b: T | null): T | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareHrOrder(a, b) >= 0 ? a : b;
}

/**
 * The applied event an event of `type` must not be older than. Each event carries the person's
 * whole HR data, so an update is stale against any newer event. Whether someone is employed is
 * decided by hires, rehires and terminations only: a termination older than an update applied
 * first is still the latest termination, and must not be dropped (nor a hire overtaken by its own
 * update). A leave is stale against a newer leave or a newer hire, rehire or termination.
 * Records written before the per-kind events were kept compare against `lastEvent`, as before.
 */
export function appliedBefore<T extends OrderedEvent>(
  type: string,
  person: AppliedOrder<T> | null,
): T | null {
  if (person === null) return null;
  if (person.lastLifecycleEvent === undefined) return person.lastEvent;
  if (LIFECYCLE_EVENTS.has(type)) return person.lastLifecycleEvent;
  if (LEAVE_EVENTS.has(type)) return laterInHrOrder(person.lastLifecycleEvent, person.lastLeaveEvent ?? null);
  return person.lastEvent;
}

/** True when `event` must be recorded, never applied, given what the person's record says was applied. */
export function isStaleFor(event: OrderedEvent & { type: string }, person: AppliedOrder | null): boolean {
  return isStale(event, appliedBefore(event.type, person));
}
