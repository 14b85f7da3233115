/**
 * The pacer shared by every Lambda (DESIGN.md "Performance model": one limiter per key and token,
 * its state in DynamoDB), as a schedule of slots `interval` apart, with
 * interval = (window + latency allowance) ÷ max: sends that far apart never put more than `max`
 * into any window, and the allowance covers requests that land later than they were sent (this
 * pacer cannot see responses without a second write per request).
 *
 * Taking a slot is one atomic `ADD next :interval` — no read, no conditional retry loop, so many
 * concurrent Lambdas do not fight over the item. A slot already in the past (the bucket was idle,
 * or the answer came back late) is never used: sending several late slots at once would crowd
 * one window. Its holder moves the schedule to now instead, on condition that it is still behind
 * now, so only one caller does; the others take a fresh slot. Every slot actually used is
 * therefore at least `interval` after the previous one.
 *
 * A request paced by several buckets goes at the latest of its slots. With one token per key
 * (Lanyard's setup) the token bucket always binds; several tokens sharing a key could overshoot
 * the key bucket slightly, which the 429 handling absorbs.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimit, ReleaseSlot, RequestPacer } from '../../ports/request-pacer.ts';

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

export class DynamoDbPacer implements RequestPacer {
  private readonly latency: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: DynamoDbPacerOptions) {
    this.latency = options.latencyAllowanceMs ?? 500;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async take(limits: readonly RateLimit[]): Promise<ReleaseSlot> {
    for (;;) {
      const slots = await Promise.all(limits.map((limit) => this.slot(limit)));
      const at = Math.max(0, ...slots);
      // Timers may wake a millisecond early: sleep again until the slot has truly come.
      for (let wait = at - this.now(); wait > 0; wait = at - this.now()) await this.sleep(wait);
      // Sending later than the slot eats into the allowance; beyond what it can absorb, the slot
      // is given up (never used late) and a new one taken.
      if (this.now() - at <= Math.min(...limits.map((l) => this.slack(l)))) return () => {};
    }
  }

  /** How late a send may be and still keep every window at `max`: allowance − interval. */
  private slack(limit: RateLimit): number {
    return Math.max(0, this.latency - this.interval(limit));
  }

  private interval(limit: RateLimit): number {
    return Math.ceil((limit.windowMs + this.latency) / limit.max);
  }

  async pause(bucket: string, untilEpochMs: number): Promise<void> {
    await this.conditional({
      Key: key(bucket),
      UpdateExpression: 'SET pausedUntil = :until',
      ConditionExpression: 'attribute_not_exists(pausedUntil) OR pausedUntil < :until',
      ExpressionAttributeValues: { ':until': untilEpochMs },
    });
  }

  /** Claims the next slot of the bucket; returns when the request may go. */
  private async slot(limit: RateLimit): Promise<number> {
    const interval = this.interval(limit);
    for (;;) {
      const now = this.now();
      const { Attributes } = await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: key(limit.name),
          UpdateExpression: 'ADD #next :interval SET expiresAt = :expires',
          ExpressionAttributeNames: NAMES,
          ExpressionAttributeValues: { ':interval': interval, ':expires': Math.floor(now / 1000) + 86_400 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const next = Number(Attributes?.next);
      const pausedUntil = Number(Attributes?.pausedUntil ?? 0);
      const slot = next - interval;
      if (slot >= now) return Math.max(slot, pausedUntil);
      // A slot in the past: move the schedule to now — only while it is still behind now, so the
      // move never lands within `interval` of a slot someone may use (every handed-out slot is at
      // least `interval` before `next`).
      const moved = await this.conditional({
        Key: key(limit.name),
        UpdateExpression: 'SET #next = :next',
        ConditionExpression: '#next <= :now',
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: { ':next': now + interval, ':now': now },
      });
      if (moved) return Math.max(now, pausedUntil);
    }
  }

  /** An update with a condition; false when the condition did not hold. */
  private async conditional(
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
  ): Promise<boolean> {
    try {
      await this.options.client.send(new UpdateCommand({ TableName: this.options.tableName, ...input }));
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

function key(bucket: string): { pk: string; sk: string } {
  return { pk: `PACE#${bucket}`, sk: 'PACE' };
}
