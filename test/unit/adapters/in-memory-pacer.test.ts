import { describe, expect, it } from 'vitest';
import { InMemoryPacer } from '../../../functions/adapters/pacing/in-memory-pacer.ts';

/** A virtual clock: sleeping advances time instantly, so pacing is checked exactly and fast. */
function virtualTime() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

describe('InMemoryPacer', () => {
  it('never lets more than max requests into any sliding window', async () => {
    const clock = virtualTime();
    const pacer = new InMemoryPacer(clock.now, clock.sleep);
    const limit = { name: 'token', max: 100, windowMs: 10_000 };
    const sentAt: number[] = [];
    for (let i = 0; i < 450; i++) {
      const release = await pacer.take([limit]);
      sentAt.push(clock.now());
      release();
    }
    for (let i = limit.max; i < sentAt.length; i++) {
      expect(sentAt[i]! - sentAt[i - limit.max]!).toBeGreaterThan(limit.windowMs);
    }
    // And it is not slower than it must be: 450 requests at 100/10 s need just over 4 windows.
    expect(clock.now()).toBeLessThan(4 * limit.windowMs + 100);
  });

  it('honours the tightest of several limits', async () => {
    const clock = virtualTime();
    const pacer = new InMemoryPacer(clock.now, clock.sleep);
    const limits = [
      { name: 'key', max: 300, windowMs: 10_000 },
      { name: 'token', max: 100, windowMs: 10_000 },
    ];
    for (let i = 0; i < 101; i++) (await pacer.take(limits))();
    expect(clock.now()).toBeGreaterThan(10_000);
  });

  it('holds a paused bucket until the pause ends', async () => {
    const clock = virtualTime();
    const pacer = new InMemoryPacer(clock.now, clock.sleep);
    await pacer.pause('key', 5_000);
    await pacer.take([{ name: 'key', max: 10, windowMs: 1_000 }]);
    expect(clock.now()).toBeGreaterThanOrEqual(5_000);
  });

  it('counts a request in flight until its response, then a full window from the response', async () => {
    const clock = virtualTime();
    const pacer = new InMemoryPacer(clock.now, clock.sleep);
    const limit = { name: 'slow', max: 1, windowMs: 1_000 };
    const release = await pacer.take([limit]);
    let second = false;
    const next = pacer.take([limit]).then(() => {
      second = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(second).toBe(false); // the first request has not answered yet
    await clock.sleep(3_000); // it answers late, at t = 3 s…
    release();
    await next;
    expect(clock.now()).toBeGreaterThan(4_000); // …so the next one waits a window after that
  });

  it('lets concurrent callers share the window without overshooting', async () => {
    const pacer = new InMemoryPacer();
    const limit = { name: 'shared', max: 20, windowMs: 200 };
    const sentAt: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        const release = await pacer.take([limit]);
        sentAt.push(performance.now());
        release();
      }),
    );
    sentAt.sort((a, b) => a - b);
    for (let i = limit.max; i < sentAt.length; i++) {
      expect(sentAt[i]! - sentAt[i - limit.max]!).toBeGreaterThanOrEqual(limit.windowMs - 5);
    }
  });
});
