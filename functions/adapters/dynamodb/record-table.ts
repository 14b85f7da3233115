/**
 * The few DynamoDB operations the record store is made of: consistent single-item reads,
 * conditional single-item writes, paged queries, and batched reads and unconditional writes for
 * the bulk paths (a sweep page is 100 members: one request instead of a hundred). No transactions anywhere: dynalite has
 * none (TOOLCHAIN.md §3.8), and every multi-item change in the store is ordered so a crash
 * between two writes is repaired when the step runs again (DESIGN.md "Properties every part keeps").
 */
import type { DynamoDBDocumentClient, QueryCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from './keys.ts';

export type Item = Record<string, unknown>;

/** The SDK's module on first use, not when a function starts (most of a step's cold start). */
const sdk = () => import('@aws-sdk/lib-dynamodb');

export type UpdateInput = Omit<UpdateCommandInput, 'TableName' | 'Key' | 'ReturnValues'>;

export class RecordTable {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  async get(key: ItemKey): Promise<Item | null> {
    const { GetCommand } = await sdk();
    const result = await this.db.send(
      new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }),
    );
    return result.Item ?? null;
  }

  /** Writes the item unconditionally (for writes that are the same every time). */
  async put(item: Item & ItemKey): Promise<void> {
    const { PutCommand } = await sdk();
    await this.db.send(new PutCommand({ TableName: this.name, Item: item }));
  }

  /** Writes the item unless one with its key exists; false when it did (nothing changed). */
  async putIfAbsent(item: Item & ItemKey): Promise<boolean> {
    return this.putIf(item, { ConditionExpression: 'attribute_not_exists(pk)' });
  }

  /** A conditional put; false when the condition failed (nothing changed). */
  async putIf(
    item: Item & ItemKey,
    condition: {
      ConditionExpression: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues?: Record<string, unknown>;
    },
  ): Promise<boolean> {
    const { PutCommand } = await sdk();
    try {
      await this.db.send(new PutCommand({ TableName: this.name, Item: item, ...condition }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * A conditional update returning the item as written, or null when the condition failed.
   * (dynalite returns no item with a failed condition, so callers read it again if they need it.)
   */
  async updateIf(key: ItemKey, input: UpdateInput): Promise<Item | null> {
    const { UpdateCommand } = await sdk();
    try {
      const result = await this.db.send(
        new UpdateCommand({ ...input, TableName: this.name, Key: key, ReturnValues: 'ALL_NEW' }),
      );
      return result.Attributes ?? null;
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  /**
   * Consistent reads of many items (100 keys per request, DynamoDB's limit), retrying the keys
   * DynamoDB leaves unprocessed under load. Missing items are simply absent from the answer.
   * The keys must be distinct (DynamoDB refuses a batch naming a key twice).
   */
  async batchGet(keys: readonly ItemKey[]): Promise<Item[]> {
    const { BatchGetCommand } = await sdk();
    const found: Item[] = [];
    for (let i = 0; i < keys.length; i += BATCH_GET_MAX) {
      let pending: Record<string, unknown>[] = keys
        .slice(i, i + BATCH_GET_MAX)
        .map((k) => ({ pk: k.pk, sk: k.sk }));
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt > 0) await backoff(attempt);
        const result = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.name]: { Keys: pending, ConsistentRead: true } } }),
        );
        found.push(...(result.Responses?.[this.name] ?? []));
        pending = result.UnprocessedKeys?.[this.name]?.Keys ?? [];
      }
    }
    return found;
  }

  /**
   * Unconditional puts of many items (25 per request), retrying unprocessed ones. Only for items
   * no concurrent writer can be changing (the caller says why at each use).
   */
  async batchPut(items: readonly (Item & ItemKey)[]): Promise<void> {
    const { BatchWriteCommand } = await sdk();
    for (let i = 0; i < items.length; i += BATCH_WRITE_MAX) {
      let pending: { PutRequest: { Item: Item } }[] = items
        .slice(i, i + BATCH_WRITE_MAX)
        .map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt > 0) await backoff(attempt);
        const result = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.name]: pending } }));
        pending = (result.UnprocessedItems?.[this.name] ?? []).flatMap((r) =>
          r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
        );
      }
    }
  }

  /** Items of one query in order, page after page, as far as the caller reads. */
  async *query(input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Item> {
    const { QueryCommand } = await sdk();
    let start: Record<string, unknown> | undefined = input.ExclusiveStartKey;
    do {
      const page = await this.db.send(
        new QueryCommand({
          ...input,
          TableName: this.name,
          ExclusiveStartKey: start,
          // Only the base table offers strongly consistent reads.
          ConsistentRead: input.IndexName === undefined,
        }),
      );
      for (const item of page.Items ?? []) yield item;
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }
}

/**
 * Reads up to `count` more items from a query, leaving it open so the next call continues where
 * this one stopped (a listing fetches one item past its page to know whether more remain).
 */
export async function take(items: AsyncIterator<Item>, count: number): Promise<Item[]> {
  const taken: Item[] = [];
  while (taken.length < count) {
    const next = await items.next();
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

/** The key of a stored item (every item has string pk/sk; the schemas do not keep them). */
export function keyOf(item: Item): ItemKey {
  return { pk: String(item.pk), sk: String(item.sk) };
}

const BATCH_GET_MAX = 100;
const BATCH_WRITE_MAX = 25;

/** AWS's advice for unprocessed batch items: back off exponentially (full jitter, capped at 2 s). */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2_000, 50 * 2 ** attempt)));
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
