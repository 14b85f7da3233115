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
