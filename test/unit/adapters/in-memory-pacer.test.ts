import { describe, expect, it } from 'vitest';
import { InMemoryPacer } from '../../../functions/adapters/pacing/in-memory-pacer.ts';
import { SlotUnavailableError, type TakeOptions } from '../../../functions/ports/request-pacer.ts';

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

function virtualPacer() {
  const clock = virtualTime();
  return { clock, pacer: new InMemoryPacer(clock.now, clock.sleep) };
}

describe('InMemoryPacer', () => {
  it('never lets more than max requests into any sliding window', async () => {
    const { clock, pacer } = virtualPacer();
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
    const { clock, pacer } = virtualPacer();
    const limits = [
      { name: 'key', max: 300, windowMs: 10_000 },
      { name: 'token', max: 100, windowMs: 10_000 },
    ];
    for (let i = 0; i < 101; i++) (await pacer.take(limits))();
    expect(clock.now()).toBeGreaterThan(10_000);
  });

  it('holds a paused bucket until the pause ends', async () => {
    const { clock, pacer } = virtualPacer();
    await pacer.pause('key', 5_000);
    await pacer.take([{ name: 'key', max: 10, windowMs: 1_000 }]);
    expect(clock.now()).toBeGreaterThanOrEqual(5_000);
  });

  it('counts a request in flight until its response, then a full window from the response', async () => {
    const { clock, pacer } = virtualPacer();
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

  describe('with a deadline', () => {
    it('rejects a take whose slot is past the deadline at once, and books nothing', async () => {
      const { clock, pacer } = virtualPacer();
      const limit = { name: 'token', max: 1, windowMs: 1_000 };
      (await pacer.take([limit]))(); // the next slot is a window later, at 1,001
      const refused = await pacer.take([limit], { deadline: 500 }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SlotUnavailableError);
      expect((refused as SlotUnavailableError).earliestAt).toBe(1_001);
      expect(clock.now()).toBe(0); // refused without waiting
      await pacer.take([limit]);
      expect(clock.now()).toBe(1_001); // the refused take held nothing: the slot is still the next one
    });

    it('rejects at once when a pause lasts past the deadline', async () => {
      const { clock, pacer } = virtualPacer();
      await pacer.pause('key', 5_000);
      await expect(
        pacer.take([{ name: 'key', max: 10, windowMs: 1_000 }], { deadline: 4_000 }),
      ).rejects.toThrow(SlotUnavailableError);
      expect(clock.now()).toBe(0);
    });

    it('takes a slot that comes by the deadline', async () => {
      const { clock, pacer } = virtualPacer();
      const limit = { name: 'token', max: 1, windowMs: 1_000 };
      (await pacer.take([limit]))();
      await pacer.take([limit], { deadline: 1_001 });
      expect(clock.now()).toBe(1_001);
    });

    it('rejects a waiter for a request in flight at its deadline, holding nothing', async () => {
      const { clock, pacer } = virtualPacer();
      const limit = { name: 'slow', max: 1, windowMs: 1_000 };
      const release = await pacer.take([limit]);
      await expect(pacer.take([limit], { deadline: 5_000 })).rejects.toThrow(SlotUnavailableError);
      expect(clock.now()).toBe(5_000);
      release();
      await pacer.take([limit]);
      expect(clock.now()).toBe(6_001); // a window after the answer, as if the refused waiter never came
    });

    it('rejects a waiter for a request in flight at once when even an answer now would be too late', async () => {
      const { clock, pacer } = virtualPacer();
      const limit = { name: 'slow', max: 1, windowMs: 1_000 };
      await pacer.take([limit]);
      await expect(pacer.take([limit], { deadline: 900 })).rejects.toThrow(SlotUnavailableError);
      expect(clock.now()).toBe(0);
    });
  });

  describe('urgent requests', () => {
    /**
     * The order in which callers queued behind a request in flight (one slot per window) are
     * served: each names its take options; those listed first queue first.
     */
    const servedOrder = async (callers: Record<string, TakeOptions>) => {
      const { pacer } = virtualPacer();
      const limit = { name: 'token', max: 1, windowMs: 1_000 };
      const first = await pacer.take([limit]);
      const order: string[] = [];
      const all = Promise.all(
        Object.entries(callers).map(async ([name, options]) => {
          const release = await pacer.take([limit], options);
          order.push(name);
          release();
        }),
      );
      await new Promise((r) => setTimeout(r, 10)); // everyone is queued behind the request in flight
      first();
      await all;
      return order;
    };

    it('serves urgent waiters before non-urgent waiters queued earlier', async () => {
      const order = await servedOrder({
        'bulk-1': { urgent: false },
        'bulk-2': { urgent: false },
        'cut-1': { urgent: true },
        'cut-2': { urgent: true },
      });
      expect(order.slice(0, 2).sort()).toEqual(['cut-1', 'cut-2']);
      expect(order.slice(2).sort()).toEqual(['bulk-1', 'bulk-2']);
    });

    it('serves the later calls of cuts under way before the first calls of new cuts', async () => {
      const order = await servedOrder({
        'start-1': { urgent: true, continues: false },
        'start-2': { urgent: true, continues: false },
        'under-way-1': { urgent: true, continues: true },
        'under-way-2': { urgent: true, continues: true },
      });
      expect(order.slice(0, 2).sort()).toEqual(['under-way-1', 'under-way-2']);
      expect(order.slice(2).sort()).toEqual(['start-1', 'start-2']);
    });

    it('spaces the first calls of cuts window ÷ max apart, and nothing else', async () => {
      const { clock, pacer } = virtualPacer();
      const limit = { name: 'token', max: 10, windowMs: 1_000 };
      const startedAt: number[] = [];
      for (let i = 0; i < 3; i++) {
        (await pacer.take([limit], { urgent: true }))();
        startedAt.push(clock.now());
      }
      expect(startedAt).toEqual([0, 100, 200]);
      // A cut under way goes at once; bulk work gives way for a window after the last cut it saw.
      (await pacer.take([limit], { urgent: true, continues: true }))();
      expect(clock.now()).toBe(200);
      (await pacer.take([limit]))();
      expect(clock.now()).toBe(1_200);
    });

    it('gives bulk work the whole rate at once after a cut served at once, a window after one that waited', async () => {
      const limit = { name: 'token', max: 100, windowMs: 10_000 };
      const bulkTimes = async (cuts: number) => {
        const { clock, pacer } = virtualPacer();
        // Cuts started one after another: past the first, each waits window ÷ max for its turn.
        for (let i = 0; i < cuts; i++) (await pacer.take([limit], { urgent: true }))();
        const cutsDone = clock.now();
        const at: number[] = [];
        for (let i = 0; i < 450; i++) {
          (await pacer.take([limit], { deadline: 1e12 }))();
          at.push(clock.now());
        }
        const first = at[0] ?? -1;
        return { cutsDone, first, span: (at.at(-1) ?? -1) - first, at };
      };
      const plain = await bulkTimes(0);
      expect(plain.first).toBe(0);
      expect(plain.at.filter((t) => t === 0)).toHaveLength(limit.max); // a whole window at once
      expect(plain.span).toBeLessThan(4 * limit.windowMs + 100);
      const lone = await bulkTimes(1); // a lone cut holds nothing back
      expect({ first: lone.first, span: lone.span }).toEqual({ first: plain.first, span: plain.span });
      const afterContention = await bulkTimes(2);
      const { first } = afterContention;
      expect(first).toBe(afterContention.cutsDone + limit.windowMs);
      // For a window after it resumes, bulk work goes window ÷ max apart (a cut coming back then
      // takes the next slot that frees), and then at the whole rate again.
      const resuming = afterContention.at.filter((t) => t < first + limit.windowMs);
      expect(resuming.length).toBeGreaterThanOrEqual(limit.max - 1);
      for (let i = 1; i < resuming.length; i++)
        expect((resuming[i] ?? 0) - (resuming[i - 1] ?? 0)).toBeGreaterThanOrEqual(
          limit.windowMs / limit.max,
        );
      expect(afterContention.span).toBeLessThanOrEqual(plain.span + limit.windowMs);
    });

    it('counts a refused cut as contended: it holds bulk work a window from when it was refused', async () => {
      const { clock, pacer } = virtualPacer();
      const limit = { name: 'token', max: 1, windowMs: 10_000 };
      (await pacer.take([limit], { urgent: true }))(); // served at 0
      await clock.sleep(5_000);
      // At 5 s the window is still full: a cut that may wait only 1 s is refused, but was seen.
      await expect(pacer.take([limit], { urgent: true, deadline: 6_000 })).rejects.toBeInstanceOf(
        SlotUnavailableError,
      );
      (await pacer.take([limit]))();
      expect(clock.now()).toBe(15_000);
    });
  });
});
