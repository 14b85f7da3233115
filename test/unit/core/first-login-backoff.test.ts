import { describe, expect, it } from 'vitest';
import {
  firstLoginPollsUntil,
  nextFirstLoginWait,
} from '../../../functions/core/onboarding/first-login-backoff.ts';

const hourly = { firstWaitSeconds: 3600, maxWaitSeconds: 6 * 3600 };

describe('first-login backoff', () => {
  it('doubles the wait after each check, up to the cap', () => {
    const waits = [3600];
    for (let i = 0; i < 5; i++) waits.push(nextFirstLoginWait(hourly, waits.at(-1) ?? 0, 1e9));
    expect(waits).toEqual([3600, 7200, 14_400, 21_600, 21_600, 21_600]);
  });

  it('never waits past the deadline, and never less than a second', () => {
    expect(nextFirstLoginWait(hourly, 14_400, 600.2)).toBe(601);
    expect(nextFirstLoginWait(hourly, 14_400, 0)).toBe(1);
  });

  it('polls a hire who never logs in over 14 days about 60 times instead of 336', () => {
    const polls = firstLoginPollsUntil(hourly, 14 * 24 * 3600);
    // 1 + 2 + 4 h, then every 6 h: 3 + ceil((336 - 7) / 6) = 58.
    expect(polls).toBe(58);
    expect(firstLoginPollsUntil({ firstWaitSeconds: 3600, maxWaitSeconds: 3600 }, 14 * 24 * 3600)).toBe(336);
  });
});
