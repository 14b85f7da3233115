/**
 * The few DynamoDB operations the record store is made of: consistent single-item reads,
 * conditional single-item writes, and paged queries. No transactions anywhere: dynalite has
 * none (TOOLCHAIN.md §3.8), and every multi-item change in the store is ordered so a crash
 * between two writes is repaired when the step runs again (DESIGN.md "Properties every part keeps").
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from './keys.ts';

export type Item = Record<string, unknown>;

export type UpdateInput = Omit<UpdateCommandInput, 'TableName' | 'Key' | 'ReturnValues'>;

export class RecordTable {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  async get(key: ItemKey): Promise<Item | null> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }),
    );
    return result.Item ?? null;
  }

  /** Writes the item unconditionally (for writes that are the same every time). */
  async put(item: Item & ItemKey): Promise<void> {
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

  /** Items of one query in order, page after page, as far as the caller reads. */
  async *query(input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Item> {
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

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
