import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareHrOrder, isStale, type OrderedEvent } from '../../../functions/core/event-ordering.ts';

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
