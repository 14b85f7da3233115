/**
 * The shared pacer on a real local DynamoDB-compatible server: several pacers (as several Lambdas
 * would be) never send two requests closer than window ÷ max between them, so no window holds
 * more than max; an idle bucket restarts at once; a pause holds every Lambda. With a deadline, a
 * booking the caller could not use is refused and books nothing, and bulk work gives way to cuts
 * booked or waiting in the last window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbPacer } from '../../../../functions/adapters/pacing/dynamodb-pacer.ts';
import { type RateLimit, SlotUnavailableError } from '../../../../functions/ports/request-pacer.ts';
import { type Dynalite, startDynalite } from '../../../support/dynalite.ts';

let db: Dynalite;
beforeAll(async () => {
  db = await startDynalite('pacer');
});
afterAll(() => db.close());

const lambdas = (n: number, latencyAllowanceMs = 60) =>
  Array.from(
    { length: n },
    () => new DynamoDbPacer({ client: db.client, tableName: db.tableName, latencyAllowanceMs }),
  );

/**
 * A Lambda with a virtual clock: sleeping moves its own time on at once, so pacing is checked
 * exactly and fast. Each keeps its own clock, so one can book the schedule ahead while another
 * still stands at its start.
 */
function virtualLambda({
  start,
  client = db.client,
  latencyAllowanceMs = 0,
}: {
  start: number;
  client?: typeof db.client;
  latencyAllowanceMs?: number;
}) {
  let now = start;
  const pacer = new DynamoDbPacer({
    client,
    tableName: db.tableName,
    latencyAllowanceMs,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  });
  return {
    pacer,
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    reset: (to: number) => {
      now = to;
    },
  };
}

describe('DynamoDbPacer', () => {
  it('keeps three concurrent Lambdas together under the limit', async () => {
    const limit = { name: `token-${Date.now()}`, max: 20, windowMs: 200 };
    const pacers = lambdas(3);
    const sentAt: number[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        await pacers[i % 3]?.take([limit]);
        sentAt.push(Date.now());
      }),
    );
    const elapsed = Date.now() - started;
    sentAt.sort((a, b) => a - b);
    for (let i = limit.max; i < sentAt.length; i++) {
      expect(sentAt[i]! - sentAt[i - limit.max]!, `sends ${i - limit.max}..${i}`).toBeGreaterThanOrEqual(
        limit.windowMs,
      );
    }
    // 60 requests at 20 per 200 ms cannot finish before the floor of about 600 ms. (How close to
    // the floor it gets is a benchmark question, not a timed test: a loaded CI machine is slower.)
    expect(elapsed).toBeGreaterThanOrEqual(550);
  });

  it('hands three Lambdas asking at once distinct turns a span apart, from the first caller’s earliest time', async () => {
    // Prepare: 10 a second (an interval of 100 ms with no allowance); turns of 6 slots
    const limit = { name: `turns-${Date.now()}`, max: 10, windowMs: 1_000 };
    const pacers = lambdas(3, 0);
    const notBefore = Date.now() + 10_000;

    // Act: 12 refused callers across three Lambdas
    const turns = await Promise.all(
      Array.from({ length: 12 }, (_, i) => pacers[i % 3]!.nextTurn(limit, 6, notBefore)),
    );

    // Assess: one per 600 ms from notBefore, none shared
    expect([...turns].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => notBefore + 600 * i),
    );
    // A queue that fell behind starts again at the caller's earliest time, not at its old end
    const later = notBefore + 60_000;
    expect(await pacers[0]!.nextTurn(limit, 6, later)).toBe(later);
    expect(await pacers[1]!.nextTurn(limit, 6, later)).toBe(later + 600);
  });

  it('restarts the schedule after an idle bucket instead of making the next request wait', async () => {
    const limit = { name: `idle-${Date.now()}`, max: 10, windowMs: 100 };
    const [pacer] = lambdas(1);
    for (let i = 0; i < 5; i++) await pacer?.take([limit]);
    await new Promise((r) => setTimeout(r, 300));
    const before = Date.now();
    await pacer?.take([limit]);
    // Two DynamoDB round trips, not a wait for a slot (generous: CI machines are busy).
    expect(Date.now() - before).toBeLessThan(100);
  });

  it('takes a slot of a quiet bucket in one write, and falls back to booking when it is busy', async () => {
    const limit = { name: `quiet-${Date.now()}`, max: 10, windowMs: 100 };
    let writes = 0;
    // The real client, counted: every DynamoDB request the pacer makes goes through it.
    const counted = {
      send: (command: Parameters<typeof db.client.send>[0]) => {
        writes += 1;
        return db.client.send(command);
      },
    } as typeof db.client;
    // A wide allowance (slack 170 ms past a 30 ms interval), so a slow round trip on a loaded
    // machine never makes a slot late and costs a second take: the count is the pacer's, not the clock's.
    const quiet = new DynamoDbPacer({ client: counted, tableName: db.tableName, latencyAllowanceMs: 200 });
    for (let i = 0; i < 4; i++) {
      await quiet.take([limit]);
      // Longer than the interval: every take finds the schedule behind now.
      await new Promise((r) => setTimeout(r, 80));
    }
    expect(writes).toBe(4);
    // Another Lambda books ahead, further than this one's round trip (its claims are for when the
    // answer is back): this one's guess fails once, the booking goes on by ADD.
    // (It waits for its slots in virtual time, so the 40 stay booked ahead of the real clock.)
    const other = virtualLambda({ start: Date.now(), latencyAllowanceMs: 200 });
    for (let i = 0; i < 40; i++) await other.pacer.take([limit]);
    writes = 0;
    await quiet.take([limit]);
    expect(writes).toBeGreaterThanOrEqual(2);
  });

  it('holds a paused bucket for every Lambda', async () => {
    const limit = { name: `paused-${Date.now()}`, max: 100, windowMs: 1_000 };
    const [a, b] = lambdas(2);
    const started = Date.now();
    await a?.pause(limit.name, started + 300);
    await b?.take([limit]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('claims a slot for when a slow answer comes back, so a slow DynamoDB does not make every slot late', async () => {
    // Every write takes 500 ms of the Lambda's (virtual) time; a send may be 350 ms late at most
    // (interval (1,000 + 500) ÷ 10 = 150 ms, allowance 500 ms). A slot claimed for the time of
    // asking would come back 150 ms too late, every time.
    const slowClient = {
      send: async (command: unknown) => {
        const answer = await db.client.send(command as never);
        lambda.advance(500);
        return answer;
      },
    } as unknown as typeof db.client;
    const lambda = virtualLambda({ start: 1_000_000_000_000, client: slowClient, latencyAllowanceMs: 500 });
    const limit = { name: `slow-${Date.now()}`, max: 10, windowMs: 1_000 };
    const sentAt: number[] = [];
    for (let i = 0; i < 3; i++) {
      await lambda.pacer.take([limit], { deadline: lambda.now() + 5_000, urgent: true, continues: true });
      sentAt.push(lambda.now());
      lambda.advance(1_000); // quiet in between: each take claims an idle bucket
    }
    expect(sentAt).toHaveLength(3);
  });

  describe('with a deadline', () => {
    const T0 = 1_000_000_000_000;
    const lambdaAt = (start = T0) => virtualLambda({ start });
    // interval = (window + allowance 0) ÷ max = 100 ms; one window = 10 slots.
    const aLimit = (label: string): RateLimit => ({
      name: `${label}-${Date.now()}`,
      max: 10,
      windowMs: 1_000,
    });
    /** Another Lambda books `n` slots from T0 on, leaving the schedule's next slot at T0 + n × 100. */
    const backlog = async (limit: RateLimit, n: number) => {
      const other = lambdaAt();
      for (let i = 0; i < n; i++) await other.pacer.take([limit]);
      expect(other.now()).toBe(T0 + (n - 1) * 100);
    };
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => new Error('expected a refusal'),
        (e) => e,
      );

    it('refuses a slot past the deadline at once, without advancing the schedule', async () => {
      const limit = aLimit('refused');
      await backlog(limit, 10);
      const lambda = lambdaAt();
      expect(await refusal(lambda.pacer.take([limit], { deadline: T0 + 999, urgent: true }))).toBeInstanceOf(
        SlotUnavailableError,
      );
      expect(await refusal(lambda.pacer.take([limit], { deadline: T0 + 999 }))).toBeInstanceOf(
        SlotUnavailableError,
      );
      expect(lambda.now()).toBe(T0); // refused without waiting
      await lambda.pacer.take([limit], { deadline: T0 + 1_000, urgent: true });
      expect(lambda.now()).toBe(T0 + 1_000); // the slot right after the backlog: the refusals booked nothing
    });

    it('lets the later calls of a cut book up to their deadline; first calls and bulk work only a window ahead', async () => {
      const limit = aLimit('urgent');
      await backlog(limit, 15); // next slot at T0 + 1,500: more than a window ahead
      const lambda = lambdaAt();
      const bulk = await refusal(lambda.pacer.take([limit], { deadline: T0 + 60_000 }));
      expect(bulk).toBeInstanceOf(SlotUnavailableError);
      // A cut's first call books no further either: a burst of them would push every cut's later
      // calls past their deadlines (the livelock access-cut-burst.test.ts reproduces).
      const start = await refusal(lambda.pacer.take([limit], { deadline: T0 + 60_000, urgent: true }));
      expect(start).toBeInstanceOf(SlotUnavailableError);
      expect(lambda.now()).toBe(T0);
      await lambda.pacer.take([limit], { deadline: T0 + 60_000, urgent: true, continues: true });
      expect(lambda.now()).toBe(T0 + 1_500); // the very slot the refused calls did not take
    });

    it('holds bulk callers back for a window after an access cut had to wait, though the schedule is empty', async () => {
      const limit = aLimit('cut-first');
      await backlog(limit, 3); // next slot at T0 + 300
      const cut = lambdaAt();
      await cut.pacer.take([limit], { deadline: T0 + 60_000, urgent: true });
      expect(cut.now()).toBe(T0 + 300); // it queued behind three slots
      const bulk = lambdaAt(T0 + 500); // the cut's slot is past: nothing is booked ahead
      expect(await refusal(bulk.pacer.take([limit], { deadline: T0 + 60_000 }))).toBeInstanceOf(
        SlotUnavailableError,
      );
      const later = lambdaAt(T0 + 1_001); // a window after the cut waited
      await later.pacer.take([limit], { deadline: T0 + 60_000 });
      expect(later.now()).toBe(T0 + 1_001);
    });

    it('holds nothing back after an access cut that went at once (a single offboarding)', async () => {
      const limit = aLimit('cut-alone');
      const cut = lambdaAt();
      await cut.pacer.take([limit], { deadline: T0 + 60_000, urgent: true });
      await cut.pacer.take([limit], { deadline: T0 + 60_000, urgent: true, continues: true });
      expect(cut.now()).toBe(T0 + 100);
      const bulk = lambdaAt(T0 + 200); // the handover after the cut
      await bulk.pacer.take([limit], { deadline: T0 + 60_000 });
      expect(bulk.now()).toBe(T0 + 200);
    });

    it('holds bulk callers back while an access cut waits, even one the schedule refused', async () => {
      const limit = aLimit('cut-waiting');
      await backlog(limit, 5); // next slot at T0 + 500: less than a window ahead
      const cut = lambdaAt();
      expect(await refusal(cut.pacer.take([limit], { deadline: T0 + 400, urgent: true }))).toBeInstanceOf(
        SlotUnavailableError,
      );
      const bulk = lambdaAt();
      expect(await refusal(bulk.pacer.take([limit], { deadline: T0 + 60_000 }))).toBeInstanceOf(
        SlotUnavailableError,
      );
      // The refused cut comes back with more time, and gets the very slot the bulk call did not take.
      await cut.pacer.take([limit], { deadline: T0 + 60_000, urgent: true });
      expect(cut.now()).toBe(T0 + 500);
    });

    it('refuses without a write what the schedule, as last seen, is booked past; stamps a refused cut once a quarter window', async () => {
      const limit = aLimit('seen');
      let writes = 0;
      const counting = {
        send: (command: Parameters<typeof db.client.send>[0]) => {
          writes += 1;
          return db.client.send(command);
        },
      } as unknown as typeof db.client;
      const { pacer, reset } = virtualLambda({ start: T0, client: counting });
      // Book 15 slots from T0 (this Lambda's clock then goes back): the next slot is at T0 + 1,500.
      for (let i = 0; i < 15; i++) await pacer.take([limit], { deadline: T0 + 60_000, urgent: true });
      reset(T0);
      const before = writes;
      expect(await refusal(pacer.take([limit], { deadline: T0 + 1_000 }))).toBeInstanceOf(
        SlotUnavailableError,
      );
      expect(writes).toBe(before);
      expect(await refusal(pacer.take([limit], { deadline: T0 + 1_000, urgent: true }))).toBeInstanceOf(
        SlotUnavailableError,
      );
      expect(writes).toBe(before + 1); // the stamp
      expect(await refusal(pacer.take([limit], { deadline: T0 + 1_000, urgent: true }))).toBeInstanceOf(
        SlotUnavailableError,
      );
      expect(writes).toBe(before + 1);
    });

    it('books a non-urgent caller while less than a window is booked ahead', async () => {
      const limit = aLimit('bulk');
      await backlog(limit, 5);
      const lambda = lambdaAt();
      await lambda.pacer.take([limit], { deadline: T0 + 60_000 });
      expect(lambda.now()).toBe(T0 + 500);
    });

    it('refuses when a pause lasts past the deadline', async () => {
      const limit = aLimit('paused');
      const lambda = lambdaAt();
      await lambda.pacer.pause(limit.name, T0 + 5_000);
      const cut = { urgent: true, continues: true };
      const refused = await refusal(lambda.pacer.take([limit], { deadline: T0 + 4_000, ...cut }));
      expect(refused).toBeInstanceOf(SlotUnavailableError);
      expect(lambda.now()).toBe(T0);
      await lambda.pacer.take([limit], { deadline: T0 + 6_000, ...cut });
      expect(lambda.now()).toBe(T0 + 5_000);
    });

    it('keeps waiting as long as it takes without a deadline, as before', async () => {
      const limit = aLimit('unbounded');
      await backlog(limit, 15);
      const lambda = lambdaAt();
      await lambda.pacer.take([limit]);
      expect(lambda.now()).toBe(T0 + 1_500);
      await lambda.pacer.take([limit], { urgent: true });
      expect(lambda.now()).toBe(T0 + 1_600);
    });

    it('books nothing on any bucket when one of several refuses', async () => {
      const key: RateLimit = { name: `key-${Date.now()}`, max: 30, windowMs: 1_000 }; // interval 34 ms
      const token = aLimit('token');
      await backlog(token, 10);
      const lambda = lambdaAt();
      const refused = await refusal(lambda.pacer.take([key, token], { deadline: T0 + 500, urgent: true }));
      expect(refused).toBeInstanceOf(SlotUnavailableError);
      await lambda.pacer.take([key], { deadline: T0 + 500 });
      expect(lambda.now()).toBe(T0); // the key bucket's first slot is still free
    });
  });
});
