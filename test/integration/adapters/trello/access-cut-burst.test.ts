/**
 * A layoff-sized burst of access cuts through the real adapter, both pacers and the simulator's
 * rate limiter. A cut is several Trello calls in a row inside one step invocation (find the
 * member, deactivate, read back); a try that cannot get its next call in before its deadline gives
 * up, and the workflow tries again later. The burst is sized so that the cuts' first calls alone
 * take longer than a try may wait — where the DynamoDB pacer used to livelock (every try booked a
 * first call, none fitted a second) and the in-memory one started a window of cuts at once and
 * wasted most of their first calls. Each pacer must finish every cut with few wasted first calls.
 *
 * Scaled so the test is short and its sums hold on a loaded machine: Lanyard paces at 40 calls per
 * 1 s window, under the simulator's limit (100 per 1 s), so the simulator referees (no 429 may
 * come) and an event loop that wakes late does not overrun it; a try has 5 s, of which the adapter
 * keeps 1 s back — about four windows, as a step's 60 s holds about five of Trello's 10 s ones.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbPacer } from '../../../../functions/adapters/pacing/dynamodb-pacer.ts';
import { InMemoryPacer } from '../../../../functions/adapters/pacing/in-memory-pacer.ts';
import type { TrelloHttpAdmin } from '../../../../functions/adapters/trello/trello-admin.ts';
import { currentBudget, withBudget } from '../../../../functions/composition/invocation-budget.ts';
import { TrelloBusyError } from '../../../../functions/core/errors.ts';
import type { RequestPacer } from '../../../../functions/ports/request-pacer.ts';
import { type Dynalite, startDynalite } from '../../../support/dynalite.ts';
import { startTrelloFixture, type TrelloFixture } from '../../../support/trello-sim.ts';

const TIME_SCALE = 0.1;
const PACE = { perToken: { max: 40, windowMs: 1_000 }, perKey: { max: 120, windowMs: 1_000 } };
/**
 * Time the DynamoDB pacer leaves for requests landing or sent late: its slots are
 * (1,000 + 600) ÷ 40 = 40 ms apart, and a send may be 560 ms late (a busy test machine's timers).
 */
const LATENCY_ALLOWANCE_MS = 600;
/** One try's time for its Trello calls, as a step's budget is. */
const TRY_MS = 5_000;
const CALLS_PER_CUT = 3;
/** 120 cuts: their first calls alone take 120 × 25–40 ms = 3–4.8 s, about what a try may wait (3.95 s). */
const CUTS = 120;
/** The workflow's retry after a busy try, with full jitter (scaled down like the windows). */
const RETRY_MS = 500;
/** No cut finished for this long: a livelock (six tries' time; the burst finishes a cut every few hundred ms). */
const STALL_MS = 6 * TRY_MS;

let t: TrelloFixture;
let db: Dynalite;
beforeAll(async () => {
  [t, db] = await Promise.all([
    startTrelloFixture({ rateLimits: true, timeScale: TIME_SCALE }),
    startDynalite('cut-burst'),
  ]);
});
afterAll(async () => {
  await Promise.all([t.close(), db.close()]);
});
beforeEach(async () => {
  await t.control('POST', '/rate-limits', { reset: true });
  t.sim.resetCalls();
});

interface BurstOutcome {
  cut: number;
  tries: number;
  /** Tries that sent their first call and still had to start over. */
  wastedStarts: number;
}

/**
 * Runs every cut to the end as the workflow would: a try is one invocation (its own budget); a
 * busy try is tried again after a jittered pause. Gives up once no cut has finished for
 * `STALL_MS`, so a livelock fails the test instead of hanging it. (Progress, not a count of tries:
 * refused tries are cheap, and how many fit in the burst depends on how fast the machine is.)
 */
async function burst(admins: TrelloHttpAdmin[]): Promise<BurstOutcome> {
  const outcome: BurstOutcome = { cut: 0, tries: 0, wastedStarts: 0 };
  let lastCut = Date.now();
  await Promise.all(
    Array.from({ length: CUTS }, async (_, person) => {
      const admin = admins[person % admins.length]!;
      while (Date.now() - lastCut < STALL_MS) {
        outcome.tries++;
        let sent = 0;
        try {
          await withBudget({ deadline: Date.now() + TRY_MS, urgent: true }, async () => {
            for (let call = 0; call < CALLS_PER_CUT; call++) {
              await admin.seats();
              sent++;
            }
          });
          outcome.cut++;
          lastCut = Date.now();
          return;
        } catch (error) {
          if (!(error instanceof TrelloBusyError)) throw error;
          if (sent > 0) outcome.wastedStarts++;
          await new Promise((r) => setTimeout(r, Math.random() * RETRY_MS));
        }
      }
    }),
  );
  return outcome;
}

const pacers: Record<string, () => RequestPacer[]> = {
  // The local stack's pacer: one per process.
  'in-memory': () => [new InMemoryPacer()],
  // AWS's: one schedule in the table, shared by many Lambdas, each with its own instance.
  dynamodb: () =>
    Array.from(
      { length: 8 },
      () =>
        new DynamoDbPacer({
          client: db.client,
          tableName: db.tableName,
          latencyAllowanceMs: LATENCY_ALLOWANCE_MS,
        }),
    ),
};

describe.each(Object.keys(pacers))('a burst of %s-paced access cuts', (name) => {
  it('finishes every cut, starting over rarely, without a 429', { timeout: 180_000 }, async () => {
    const admins = pacers[name]!().map((pacer) => t.admin({ pacer, budget: currentBudget, limits: PACE }));
    const outcome = await burst(admins);
    expect(outcome.cut, JSON.stringify(outcome)).toBe(CUTS);
    // A start is wasted when a try's later call no longer fits its time. The in-memory pacer
    // spaces first calls and serves cuts under way first: a handful at most. The local DynamoDB
    // answers a burst on one item in hundreds of milliseconds (AWS's in a few), so some slots come
    // back too late to use and some tries start over — but not every try, as they did before.
    expect(outcome.wastedStarts, JSON.stringify(outcome)).toBeLessThan(
      name === 'in-memory' ? CUTS / 10 : CUTS,
    );
    expect(t.sim.calls().rateLimited).toBe(0);
    expect(t.sim.rateLimitStats().lockouts).toBe(0);
  });
});
