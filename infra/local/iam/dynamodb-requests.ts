/**
 * The authorizations DynamoDB makes for a request (Service Authorization Reference, Amazon
 * DynamoDB; developer guide, "Using IAM policy conditions for fine-grained access control"): the
 * action `dynamodb:<Operation>` on the table's ARN (an index's ARN for a Query or Scan with
 * `IndexName`; `*` for ListTables), one per table for the batch operations, each with
 * `dynamodb:LeadingKeys` = the partition-key values the request touches in that table:
 *
 * - GetItem / UpdateItem / DeleteItem: the `Key`'s partition key; PutItem: the `Item`'s;
 * - Query: the partition-key value of the `KeyConditionExpression` (or legacy `KeyConditions`),
 *   the index's partition key when querying an index (UNVERIFIED which key AWS reports for an
 *   index query; no Lanyard policy conditions an index);
 * - BatchGetItem: every key of the table's `Keys`; BatchWriteItem: every `PutRequest.Item` and
 *   `DeleteRequest.Key` of the table;
 * - Scan and the table operations: none (the key is absent from the request).
 */
import { LOCAL } from '../template/read-template.ts';
import type { AccessRequest } from './iam-check.ts';

export interface TableKeys {
  /** The table's ARN as the template's policies name it. */
  arn: string;
  /** The partition-key attribute of the table, and of each index by name. */
  partitionKey: string;
  indexPartitionKeys: Record<string, string>;
}

type Body = Record<string, unknown>;
type AttributeValue = Record<string, unknown>;

const ITEM_OPERATIONS: Record<string, 'Key' | 'Item'> = {
  GetItem: 'Key',
  UpdateItem: 'Key',
  DeleteItem: 'Key',
  PutItem: 'Item',
};

/**
 * The authorizations for one request, or none when the operation is not one DynamoDB knows (the
 * server then refuses it anyway) or the body names no table (its validation refuses it).
 */
export function dynamodbRequests(
  operation: string,
  body: Body,
  tables: Record<string, TableKeys>,
): AccessRequest[] {
  const action = `dynamodb:${operation}`;
  if (operation === 'ListTables') return [{ action, resource: '*' }];
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
    const requestItems = (body.RequestItems ?? {}) as Record<string, unknown>;
    return Object.entries(requestItems).map(([tableName, entries]) => {
      const table = tableOf(tableName, tables);
      const items =
        operation === 'BatchGetItem'
          ? (((entries as Body)?.Keys ?? []) as AttributeValue[])
          : ((entries ?? []) as Body[]).map(
              (w) => ((w.PutRequest as Body)?.Item ?? (w.DeleteRequest as Body)?.Key ?? {}) as AttributeValue,
            );
      return withLeadingKeys(
        { action, resource: table.arn },
        items.map((item) => scalar(item[table.partitionKey])),
      );
    });
  }
  const resourceName = body.TableName ?? body.ResourceArn;
  if (typeof resourceName !== 'string') return [];
  const table = tableOf(resourceName, tables);
  const itemField = ITEM_OPERATIONS[operation];
  if (itemField) {
    const item = (body[itemField] ?? {}) as AttributeValue;
    return [withLeadingKeys({ action, resource: table.arn }, [scalar(item[table.partitionKey])])];
  }
  const indexName = typeof body.IndexName === 'string' ? body.IndexName : undefined;
  const resource =
    indexName && (operation === 'Query' || operation === 'Scan')
      ? `${table.arn}/index/${indexName}`
      : table.arn;
  if (operation === 'Query') {
    const key = indexName ? table.indexPartitionKeys[indexName] : table.partitionKey;
    return [withLeadingKeys({ action, resource }, [key ? queryPartitionValue(body, key) : undefined])];
  }
  return [{ action, resource }];
}

function tableOf(nameOrArn: string, tables: Record<string, TableKeys>): TableKeys {
  const name = nameOrArn.startsWith('arn:')
    ? (nameOrArn.split(':table/')[1]?.split('/')[0] ?? nameOrArn)
    : nameOrArn;
  return (
    tables[name] ?? {
      arn: nameOrArn.startsWith('arn:')
        ? nameOrArn
        : `arn:${LOCAL.partition}:dynamodb:${LOCAL.region}:${LOCAL.account}:table/${name}`,
      partitionKey: '',
      indexPartitionKeys: {},
    }
  );
}

/** LeadingKeys only when every key's value is known: a partial list would understate the request. */
function withLeadingKeys(request: AccessRequest, values: Array<string | undefined>): AccessRequest {
  const known = values.filter((v): v is string => v !== undefined);
  if (known.length === 0 || known.length !== values.length) return request;
  return { ...request, context: { 'dynamodb:LeadingKeys': [...new Set(known)] } };
}

/** A key attribute's value as IAM compares it: the string, the number's text, the binary's base64. */
function scalar(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { S?: unknown; N?: unknown; B?: unknown };
  for (const x of [v.S, v.N, v.B]) if (typeof x === 'string') return x;
  return undefined;
}

/** The value the partition key is compared with (`=`) in a Query's key condition. */
function queryPartitionValue(body: Body, partitionKey: string): string | undefined {
  const legacy = (body.KeyConditions as Record<string, { AttributeValueList?: unknown[] }> | undefined)?.[
    partitionKey
  ];
  if (legacy) return scalar(legacy.AttributeValueList?.[0]);
  const expression = body.KeyConditionExpression;
  if (typeof expression !== 'string') return undefined;
  const names = (body.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (body.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  const nameOf = (token: string) => (token.startsWith('#') ? names[token] : token);
  for (const term of expression.split(/\band\b/i)) {
    const match = /^[\s(]*([#:]?[\w.]+)\s*=\s*([#:]?[\w.]+)[\s)]*$/.exec(term);
    if (!match) continue;
    const [, left = '', right = ''] = match;
    const [name, placeholder] = left.startsWith(':') ? [right, left] : [left, right];
    if (nameOf(name) === partitionKey && placeholder.startsWith(':')) return scalar(values[placeholder]);
  }
  return undefined;
}
