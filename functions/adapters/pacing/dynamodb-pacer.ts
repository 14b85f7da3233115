/**
 * The pacer shared by every Lambda (DESIGN.md "Performance model": one limiter per key and token,
 * its state in DynamoDB), as a schedule of slots `interval` apart, with
 * interval = (window + latency allowance) ÷ max: sends that far apart never put more than `max`
 * into any window, and the allowance covers requests that land later than they were sent (this
 * pacer cannot see responses without a second write per request).
 *
 * Taking a slot is one atomic `ADD next :interval` — no read, no conditional retry loop, so many
 * concurrent Lambdas do not fight over the item. A bucket that looked idle when this instance last
 * saw it is first claimed at `now` in one conditional SET instead (see claimIdle): one write. A slot already in the past (the bucket was idle,
 * or the answer came back late) is never used: sending several late slots at once would crowd
 * one window. Its holder moves the schedule to now instead, on condition that it is still behind
 * now, so only one caller does; the others take a fresh slot. Every slot actually used is
 * therefore at least `interval` after the previous one.
 *
 * A request paced by several buckets goes at the latest of its slots. With one token per key
 * (Lanyard's setup) the token bucket always binds; several tokens sharing a key could overshoot
 * the key bucket slightly, which the 429 handling absorbs.
 *
 * Deadlines and urgency: a caller with a deadline books only on condition that the slot it would
 * get (and any pause) is no later than the latest time it may accept — its deadline for a call
 * that continues an access cut under way, else the earlier of its deadline and one window from
 * now. The condition sits on the same ADD, so a refused caller books nothing. A schedule is first
 * come, first served, so a cut under way cannot jump the queue; instead calls that would start a
 * cut (or bulk work) never book more than a window ahead, which keeps the queue short enough that
 * the later calls of every started cut still fit before their deadlines. (Without that bound, a
 * layoff-sized burst of first calls booked the schedule so far ahead that no cut's second call fit
 * its step any more: every try started over, and no seat was freed.) Access cuts go first: an
 * urgent caller that could not go at once — its slot came later than an idle bucket's would have,
 * or the schedule refused it — stamps the bucket (`urgentSeenAt`; one more write, at most once a
 * quarter window per instance); bulk callers are refused while a cut was stamped in the last
 * window, whatever is booked, and come back later through the state machine. So while cuts queue
 * (a layoff), every slot is theirs; a window after the last one waited, bulk work has the whole
 * rate again. A cut served at once (a single offboarding) holds nothing back: stamping every cut
 * made the handover step after it give way for a window, three Task retries per offboarding.
 * Bulk work alone is refused only past a window of bookings (a sweep at its Map concurrency keeps
 * less, so it keeps the whole rate).
 * Without a deadline a caller books unconditionally, as it always did.
 *
 * Round trips: a slot claimed at `now` is only usable once the write's answer is back. When
 * DynamoDB answers slowly (a hot item under a burst; the local server under load), a slot claimed
 * at the time of asking would already be too late to use on arrival, and every booking near now
 * would be given up. So a claim near now is made for now + the recent round trip (`lead`), the time
 * its answer will most likely arrive.
 */
import type { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type RateLimit,
  type ReleaseSlot,
  type RequestPacer,
  SlotUnavailableError,
  type TakeOptions,
} from '../../ports/request-pacer.ts';

export interface DynamoDbPacerOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /**
   * Time the schedule leaves for requests landing late, and for a Lambda waking late to send.
   * @default 500 ms (5 % of Trello's 10 s window)
   */
  latencyAllowanceMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const NAMES = { '#next': 'next' };
/** The slot the ADD hands out is the old `next`; neither it nor a pause may pass `:latest`. */
const WITHIN_LATEST =
  '(attribute_not_exists(#next) OR #next <= :latest) AND (attribute_not_exists(pausedUntil) OR pausedUntil <= :latest)';
/** No access cut booked or waited for since `:quietSince` (a bulk caller's extra condition). */
const NO_RECENT_CUT = '(attribute_not_exists(urgentSeenAt) OR urgentSeenAt < :quietSince)';

/**
 * What a booking accepts: the latest slot it can use (none: any), and whether it is an access cut
 * (it stamps the bucket) or bulk work (it gives way to cuts seen in the last window).
 */
interface Claim {
  latest?: number;
  priority?: 'urgent' | 'bulk';
}

/** A slot claimed on one bucket: when the request may go, and the schedule's `next` it left. */
interface Booking {
  at: number;
  next: number;
}

type UpdateInput = Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>;

export class DynamoDbPacer implements RequestPacer {
  private readonly latency: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  /** Each bucket's `next` as this instance last saw it: whether the bucket looks idle. */
  private readonly lastSeenNext = new Map<string, number>();
  /** When this instance last stamped each bucket for a refused access cut. */
  private readonly lastStamped = new Map<string, number>();
  /** Recent round trip of this instance's writes, ms. */
  private roundTripMs = 0;

  constructor(private readonly options: DynamoDbPacerOptions) {
    this.latency = options.latencyAllowanceMs ?? 500;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async take(limits: readonly RateLimit[], options: TakeOptions = {}): Promise<ReleaseSlot> {
    const { deadline } = options;
    for (;;) {
      const at =
        deadline === undefined
          ? Math.max(0, ...(await Promise.all(limits.map((limit) => this.slot(limit)))).map((b) => b.at))
          : await this.bookWithin(limits, deadline, options);
      // Timers may wake a millisecond early: sleep again until the slot has truly come.
      for (let wait = at - this.now(); wait > 0; wait = at - this.now()) await this.sleep(wait);
      // Sending later than the slot eats into the allowance; beyond what it can absorb, the slot
      // is given up (never used late) and a new one taken.
      if (this.now() - at <= Math.min(...limits.map((l) => this.slack(l)))) return () => {};
    }
  }

  async pause(bucket: string, untilEpochMs: number): Promise<void> {
    await this.update({
      Key: key(bucket),
      UpdateExpression: 'SET pausedUntil = :until',
      ConditionExpression: 'attribute_not_exists(pausedUntil) OR pausedUntil < :until',
      ExpressionAttributeValues: { ':until': untilEpochMs },
    });
  }

  /**
   * The turn is `nextTurn` on the bucket's item: taken at `notBefore` in one conditional SET when
   * the queue is behind it, else one atomic ADD whose old value is the turn (no read, no retry
   * loop, as for slots).
   */
  async nextTurn(limit: RateLimit, slots: number, notBefore: number): Promise<number> {
    const span = slots * this.interval(limit);
    const expires = Math.floor(this.now() / 1000) + 86_400;
    const claimed = await this.update({
      Key: key(limit.name),
      UpdateExpression: 'SET nextTurn = :after, expiresAt = :expires',
      ConditionExpression: 'attribute_not_exists(nextTurn) OR nextTurn <= :at',
      ExpressionAttributeValues: { ':after': notBefore + span, ':at': notBefore, ':expires': expires },
    });
    if (claimed) return notBefore;
    const before = await this.update({
      Key: key(limit.name),
      UpdateExpression: 'ADD nextTurn :span SET expiresAt = :expires',
      ExpressionAttributeValues: { ':span': span, ':expires': expires },
      ReturnValues: 'UPDATED_OLD',
    });
    return Math.max(notBefore, Number(before?.nextTurn ?? notBefore));
  }

  /**
   * Books bucket by bucket, the slowest first (the one that binds, so the one a refusal usually
   * comes from, before anything is booked). Slots booked before a later bucket refused are handed
   * back where nobody has booked after them; where someone has, the slot is lost, as a late one is.
   */
  private async bookWithin(
    limits: readonly RateLimit[],
    deadline: number,
    { urgent = false, continues = false }: TakeOptions,
  ): Promise<number> {
    const booked: { limit: RateLimit; booking: Booking }[] = [];
    try {
      for (const limit of [...limits].sort((a, b) => this.interval(b) - this.interval(a))) {
        const latest = urgent && continues ? deadline : Math.min(deadline, this.now() + limit.windowMs);
        booked.push({
          limit,
          booking: await this.slot(limit, { latest, priority: urgent ? 'urgent' : 'bulk' }),
        });
      }
    } catch (error) {
      await Promise.all(booked.map(({ limit, booking }) => this.giveBack(limit, booking)));
      throw error;
    }
    return Math.max(0, ...booked.map(({ booking }) => booking.at));
  }

  /** How late a send may be and still keep every window at `max`: allowance − interval. */
  private slack(limit: RateLimit): number {
    return Math.max(0, this.latency - this.interval(limit));
  }

  private interval(limit: RateLimit): number {
    return Math.ceil((limit.windowMs + this.latency) / limit.max);
  }

  /**
   * Claims the next slot of the bucket. With `claim.latest`, only a slot the request can use by
   * then: otherwise it throws SlotUnavailableError, having booked nothing.
   */
  private async slot(limit: RateLimit, claim: Claim = {}): Promise<Booking> {
    const { latest } = claim;
    const interval = this.interval(limit);
    for (;;) {
      const now = this.now();
      if (latest !== undefined && now > latest) throw refusal(limit);
      // The schedule only moves on: booked past `latest` when last seen, it still is (but for a
      // slot handed back since). Refused without a write — under a burst most callers are.
      const seen = this.lastSeenNext.get(limit.name);
      if (latest !== undefined && seen !== undefined && seen > latest)
        throw await this.refused(limit, now, claim, seen);
      const idle = await this.claimIdle(limit, now, claim);
      if (idle) return idle;
      const attributes = await this.update({
        Key: key(limit.name),
        UpdateExpression: 'ADD #next :interval SET expiresAt = :expires',
        ...(latest === undefined ? {} : { ConditionExpression: conditionOf(WITHIN_LATEST, claim) }),
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: {
          ':interval': interval,
          ':expires': Math.floor(now / 1000) + 86_400,
          ...(latest === undefined ? {} : { ':latest': latest }),
          ...this.priorityValues(limit, now, claim),
        },
        ReturnValues: 'ALL_NEW',
      });
      // dynalite does not return the item on a failed condition (TOOLCHAIN.md 5a), so the refusal
      // cannot say when the slot would have been.
      if (!attributes) throw await this.refused(limit, now, claim);
      const next = Number(attributes.next);
      this.lastSeenNext.set(limit.name, next);
      const pausedUntil = Number(attributes.pausedUntil ?? 0);
      let booking: Booking = { at: Math.max(next - interval, pausedUntil), next };
      const arrived = this.now();
      if (next - interval < arrived) {
        // A slot already past when the answer came: move the schedule to when the next answer
        // will come — only while the schedule is still behind that, so the move never lands within
        // `interval` of a slot someone may use (every handed-out slot is at least `interval`
        // before `next`).
        const at = this.claimAt(arrived, latest);
        const moved = await this.update({
          Key: key(limit.name),
          UpdateExpression: 'SET #next = :next',
          ConditionExpression: '#next <= :at',
          ExpressionAttributeNames: NAMES,
          ExpressionAttributeValues: { ':next': at + interval, ':at': at },
        });
        if (!moved) continue;
        booking = { at: Math.max(at, pausedUntil), next: at + interval };
        this.lastSeenNext.set(limit.name, booking.next);
      }
      // The condition was checked before the move, and a pause may have landed in between.
      if (latest !== undefined && booking.at > latest) {
        await this.giveBack(limit, booking);
        throw await this.refused(limit, now, claim, booking.at);
      }
      // Later than a slot of an idle bucket by more than one interval: the cut queued behind others.
      if (claim.priority === 'urgent' && booking.at > this.claimAt(now, latest) + interval)
        await this.stampWaitingCut(limit, now);
      return booking;
    }
  }

  /**
   * When the schedule was behind now the last time this instance saw it (or it never saw it), the
   * bucket is probably idle: take `now` in one conditional write instead of an ADD that hands out
   * a slot in the past and a second write to move the schedule — half the writes of a quiet
   * bucket, and a quiet bucket is the common case. Null when someone booked ahead meanwhile (the
   * ADD then books as usual; the refused write is the price of a wrong guess, paid once, as the
   * ADD's answer updates the guess).
   */
  private async claimIdle(limit: RateLimit, now: number, claim: Claim): Promise<Booking | null> {
    const { latest } = claim;
    const seen = this.lastSeenNext.get(limit.name);
    if (seen !== undefined && seen > now) return null;
    const interval = this.interval(limit);
    const at = this.claimAt(now, latest);
    const claimed = await this.update({
      Key: key(limit.name),
      UpdateExpression: 'SET #next = :next, expiresAt = :expires',
      ConditionExpression:
        latest === undefined
          ? 'attribute_not_exists(#next) OR #next <= :at'
          : conditionOf(
              '(attribute_not_exists(#next) OR #next <= :at) AND (attribute_not_exists(pausedUntil) OR pausedUntil <= :latest)',
              claim,
            ),
      ExpressionAttributeNames: NAMES,
      ExpressionAttributeValues: {
        ':next': at + interval,
        ':at': at,
        ':expires': Math.floor(now / 1000) + 86_400,
        ...(latest === undefined ? {} : { ':latest': latest }),
        ...this.priorityValues(limit, now, claim),
      },
      ReturnValues: 'ALL_NEW',
    });
    if (claimed === null) {
      // Busy (or paused past what this caller accepts): the ADD path decides, and says which.
      this.lastSeenNext.set(limit.name, at + interval);
      return null;
    }
    const next = at + interval;
    this.lastSeenNext.set(limit.name, next);
    return { at: Math.max(at, Number(claimed.pausedUntil ?? 0)), next };
  }

  /**
   * When to claim a slot asked for at `from`: once the recent round trip is over, when the answer
   * will be back — never past what the caller accepts (a claim that comes back late is given up
   * and made again, and that write measures the round trip afresh).
   */
  private claimAt(from: number, latest: number | undefined): number {
    const lead = Math.round(this.roundTripMs);
    return from + (latest === undefined ? lead : Math.min(lead, Math.max(0, latest - from)));
  }

  /** The value the bulk condition uses: since when no cut may have waited. */
  private priorityValues(limit: RateLimit, now: number, claim: Claim): Record<string, number> {
    return claim.priority === 'bulk' ? { ':quietSince': now - limit.windowMs } : {};
  }

  /**
   * The refusal to throw. A refused access cut still stamps the bucket: it is waiting, so bulk
   * work must keep giving way until it has its turn.
   */
  private async refused(limit: RateLimit, now: number, claim: Claim, earliestAt?: number) {
    if (claim.priority === 'urgent') await this.stampWaitingCut(limit, now);
    return refusal(limit, earliestAt);
  }

  /** Tells bulk callers a cut waits on the bucket (`urgentSeenAt`): they give way for a window. */
  private async stampWaitingCut(limit: RateLimit, now: number): Promise<void> {
    // Once a quarter window per instance is enough: bulk callers look a whole window back.
    const stamped = this.lastStamped.get(limit.name);
    if (stamped !== undefined && now - stamped < limit.windowMs / 4) return;
    this.lastStamped.set(limit.name, now);
    await this.update({
      Key: key(limit.name),
      UpdateExpression: 'SET urgentSeenAt = :now',
      ConditionExpression: 'attribute_not_exists(urgentSeenAt) OR urgentSeenAt < :now',
      ExpressionAttributeValues: { ':now': now },
    });
  }

  /** Un-books a slot, on condition that it is still the last one booked (else it is lost). */
  private async giveBack(limit: RateLimit, booking: Booking): Promise<void> {
    await this.update({
      Key: key(limit.name),
      UpdateExpression: 'ADD #next :back',
      ConditionExpression: '#next = :booked',
      ExpressionAttributeNames: NAMES,
      ExpressionAttributeValues: { ':back': -this.interval(limit), ':booked': booking.next },
    });
  }

  /** An update; its new attributes (`{}` unless asked for), or null when its condition did not hold. */
  private async update(input: UpdateInput): Promise<Record<string, unknown> | null> {
    // The SDK's module on first use, not when a function starts.
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const asked = this.now();
    try {
      const { Attributes } = await this.options.client.send(
        new UpdateCommand({ TableName: this.options.tableName, ...input }),
      );
      return Attributes ?? {};
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return null;
      throw error;
    } finally {
      // Up at once, down slowly: a lead too short wastes the slot, one too long only waits a little.
      const took = this.now() - asked;
      this.roundTripMs = took > this.roundTripMs ? took : 0.8 * this.roundTripMs + 0.2 * took;
    }
  }
}

/** A bulk caller books only where no cut was seen in the last window. */
function conditionOf(base: string, claim: Claim): string {
  return claim.priority === 'bulk' ? `(${base}) AND ${NO_RECENT_CUT}` : base;
}

function refusal(limit: RateLimit, earliestAt?: number): SlotUnavailableError {
  return new SlotUnavailableError(
    `The ${limit.name} schedule is booked past what this caller may wait`,
    earliestAt,
  );
}

function key(bucket: string): { pk: string; sk: string } {
  return { pk: `PACE#${bucket}`, sk: 'PACE' };
}
