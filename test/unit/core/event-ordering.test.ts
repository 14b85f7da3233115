import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareHrOrder,
  isStale,
  isStaleFor,
  type OrderedEvent,
} from '../../../functions/core/event-ordering.ts';

const instant = fc
  .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) })
  .map((t) => new Date(t).toISOString());
const anEvent = fc.record({ id: fc.uuid(), effectiveAt: instant, occurredAt: instant });

/** What Lanyard does with each arriving event: apply it unless it is stale against the last applied one. */
function applyInArrivalOrder(events: OrderedEvent[]): OrderedEvent | null {
  let last: OrderedEvent | null = null;
  for (const event of events) if (!isStale(event, last)) last = event;
  return last;
}

describe('HR ordering', () => {
  it('orders by effectiveAt, then occurredAt, then id', () => {
    const a = { id: 'a', effectiveAt: '2026-12-01T00:00:00Z', occurredAt: '2026-11-02T00:00:00Z' };
    const b = { id: 'b', effectiveAt: '2026-12-01T00:00:00Z', occurredAt: '2026-11-01T00:00:00Z' };
    const c = { id: 'c', effectiveAt: '2026-11-30T00:00:00Z', occurredAt: '2026-11-20T00:00:00Z' };
    expect([a, b, c].sort(compareHrOrder).map((e) => e.id)).toEqual(['c', 'b', 'a']);
  });

  it('never calls the event already applied stale (a redelivery is not an older event)', () => {
    const e = { id: 'x', effectiveAt: '2026-12-01T00:00:00Z', occurredAt: '2026-11-01T00:00:00Z' };
    expect(isStale(e, e)).toBe(false);
  });

  it('ends on the latest event in HR order, whatever order the events arrive in', () => {
    fc.assert(
      fc.property(
        fc
          .array(anEvent, { minLength: 1, maxLength: 20 })
          .chain((events) =>
            fc.tuple(
              fc.constant(events),
              fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
            ),
          ),
        ([events, arrival]) => {
          const latest = [...events].sort(compareHrOrder).at(-1);
          expect(applyInArrivalOrder(arrival)?.id).toBe(latest?.id);
        },
      ),
    );
  });
});

describe('HR order per kind of event', () => {
  const at = (day: number, type: string) => ({
    id: `${type}-${day}`,
    type,
    effectiveAt: `2026-12-${String(day).padStart(2, '0')}T09:00:00Z`,
    occurredAt: '2026-11-01T09:00:00Z',
  });
  const hired = at(1, 'employee.hired');
  const updated = at(5, 'employee.updated');
  const record = { lastEvent: updated, lastLifecycleEvent: hired, lastLeaveEvent: null };

  it('applies a termination or a leave older than an update applied first', () => {
    expect(isStaleFor(at(3, 'employee.terminated'), record)).toBe(false);
    expect(isStaleFor(at(3, 'employee.leave_started'), record)).toBe(false);
  });

  it('refuses an update older than any applied event, and a leave older than the last hire', () => {
    expect(isStaleFor(at(3, 'employee.updated'), record)).toBe(true);
    expect(
      isStaleFor(at(3, 'employee.leave_started'), {
        ...record,
        lastLifecycleEvent: at(4, 'employee.rehired'),
      }),
    ).toBe(true);
    expect(
      isStaleFor(at(3, 'employee.hired'), { ...record, lastLifecycleEvent: at(4, 'employee.terminated') }),
    ).toBe(true);
  });

  it('compares a record written before the per-kind events were kept against its last event, as before', () => {
    expect(isStaleFor(at(3, 'employee.terminated'), { lastEvent: updated })).toBe(true);
  });
});
