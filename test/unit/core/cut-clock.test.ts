import { describe, expect, it } from 'vitest';
import {
  BUSY_RETRY_SECONDS,
  busyRetryDelaySeconds,
  cutClockOf,
  IDP_BUSY_RETRY_SECONDS,
  idpBusyRetryDelaySeconds,
  MAX_RETRY_DELAY_SECONDS,
  retryDelaySeconds,
  secondsSinceDue,
} from '../../../functions/core/offboarding/cut-clock.ts';

const settings = { sloSeconds: 900, urgentSloSeconds: 60, keepTryingHours: 24 };

describe('the cut clock', () => {
  it('is due at the start (effectiveAt, or later when the event came late) and holds the SLO of its urgency', () => {
    const start = new Date('2026-12-01T09:00:05Z');
    const clock = cutClockOf({ effectiveAt: '2026-12-01T09:00:00Z' }, start, settings);
    expect(clock).toEqual({
      effectiveAt: '2026-12-01T09:00:00Z',
      dueAt: '2026-12-01T09:00:05.000Z',
      sloSeconds: 900,
      giveUpAt: '2026-12-02T09:00:05.000Z',
    });
    expect(
      cutClockOf({ effectiveAt: '2026-12-01T09:00:00Z', urgent: true }, start, settings).sloSeconds,
    ).toBe(60);
  });

  it('measures whole seconds since due, never negative', () => {
    const clock = cutClockOf(
      { effectiveAt: '2026-12-01T09:00:00Z' },
      new Date('2026-12-01T09:00:00Z'),
      settings,
    );
    expect(secondsSinceDue(clock, new Date('2026-12-01T09:00:04.400Z'))).toBe(4);
    expect(secondsSinceDue(clock, new Date('2026-12-01T08:59:00Z'))).toBe(0);
  });

  it('waits 5 s doubling between tries, spread, never more than five minutes', () => {
    const waits = Array.from({ length: 12 }, (_, i) => retryDelaySeconds(i + 1, 'offboarding:evt-1'));
    for (const [i, wait] of waits.entries()) {
      const base = Math.min(MAX_RETRY_DELAY_SECONDS, 5 * 2 ** i);
      expect(wait).toBeGreaterThanOrEqual(Math.max(1, Math.floor(base / 2)));
      expect(wait).toBeLessThanOrEqual(base);
    }
    expect(Math.max(...waits)).toBeLessThanOrEqual(MAX_RETRY_DELAY_SECONDS);
    // Same run and try: same wait (a re-run waits alike); other runs spread out.
    expect(retryDelaySeconds(6, 'offboarding:evt-1')).toBe(retryDelaySeconds(6, 'offboarding:evt-1'));
    const spread = new Set(
      Array.from({ length: 50 }, (_, i) => retryDelaySeconds(6, `offboarding:evt-${i}`)),
    );
    expect(spread.size).toBeGreaterThan(10);
  });

  it('waits 5–15 s between tries while Trello is only fully booked, not growing, spread', () => {
    const waits = Array.from({ length: 100 }, (_, i) => busyRetryDelaySeconds(i + 1, 'offboarding:evt-1'));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(BUSY_RETRY_SECONDS.least);
    expect(Math.max(...waits)).toBeLessThanOrEqual(BUSY_RETRY_SECONDS.most);
    const late = waits.slice(50);
    expect(late.reduce((a, b) => a + b, 0) / late.length).toBeLessThan(BUSY_RETRY_SECONDS.most);
    expect(busyRetryDelaySeconds(7, 'offboarding:evt-1')).toBe(busyRetryDelaySeconds(7, 'offboarding:evt-1'));
    const spread = new Set(
      Array.from({ length: 50 }, (_, i) => busyRetryDelaySeconds(3, `offboarding:evt-${i}`)),
    );
    expect(spread.size).toBeGreaterThan(5);
  });
  it('doubles the pause from 10 s to at most 2 minutes while the IdP pacer is booked, spread per run', () => {
    const waits = Array.from({ length: 10 }, (_, i) => idpBusyRetryDelaySeconds(i + 1, 'offboarding:evt-1'));
    for (const [i, wait] of waits.entries()) {
      const base = Math.min(IDP_BUSY_RETRY_SECONDS.most, IDP_BUSY_RETRY_SECONDS.first * 2 ** i);
      expect(wait).toBeGreaterThanOrEqual(Math.floor(base / 2));
      expect(wait).toBeLessThanOrEqual(base);
    }
    expect(idpBusyRetryDelaySeconds(4, 'offboarding:evt-1')).toBe(
      idpBusyRetryDelaySeconds(4, 'offboarding:evt-1'),
    );
    const spread = new Set(
      Array.from({ length: 50 }, (_, i) => idpBusyRetryDelaySeconds(5, `offboarding:evt-${i}`)),
    );
    expect(spread.size).toBeGreaterThan(10);
  });
});
