/**
 * The audit trail is append-only on AWS as well as in code: a role that can write the records
 * table still may not update or delete an audit item (entries, chain heads, day markers: every
 * partition key starting with `AUDIT#`). An explicit Deny beats every Allow, including
 * `grantReadWriteData`'s and any grant added later.
 *
 * `dynamodb:LeadingKeys` is the set of partition-key values a request touches (docs: "Using IAM
 * policy conditions for fine-grained access control"); `ForAllValues:StringLike` matches when
 * every one of them is like `AUDIT#*`, and also when the request names none. UpdateItem and
 * DeleteItem name exactly one key, so that denies exactly the updates and deletes of audit items.
 * A BatchWriteItem can mix keys (one audit delete among 24 other puts would not make *all* keys
 * audit keys), so it is denied with `ForAnyValue:StringLike`: any audit key in the batch refuses
 * the whole batch. BatchWriteItem cannot be limited to its puts, so audit items are never written
 * in batches (the store appends them one conditional put at a time). PartiQL writes are denied
 * outright: nothing in Lanyard uses PartiQL, and it would be a second way to update or delete.
 *
 * Limits (README "Audit trail"): PutItem stays allowed, and IAM has no condition key for a
 * request's ConditionExpression, so "put only if absent" cannot be required by policy: a role
 * with PutItem could overwrite an audit item. The hash chain is what shows that (GET
 * /admin/audit/verify), except where a whole chain tail and its head are rewritten together with
 * recomputed hashes; exports kept outside the account, and point-in-time recovery, cover that.
 */
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { AUDIT_PARTITION_PREFIX } from '../../functions/adapters/dynamodb/keys.ts';

/** The partition keys of every audit item, as an IAM StringLike pattern. */
export const AUDIT_LEADING_KEYS = `${AUDIT_PARTITION_PREFIX}*`;

/** The statements denyAuditRewrites adds (exported for the infra tests). */
export function auditAppendOnlyStatements(table: ITable): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'AuditAppendOnlyNoUpdateOrDelete',
      effect: iam.Effect.DENY,
      actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_LEADING_KEYS] } },
    }),
    new iam.PolicyStatement({
      sid: 'AuditAppendOnlyNoBatchWrite',
      effect: iam.Effect.DENY,
      actions: ['dynamodb:BatchWriteItem'],
      resources: [table.tableArn],
      conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_LEADING_KEYS] } },
    }),
    new iam.PolicyStatement({
      sid: 'AuditAppendOnlyNoPartiQLWrites',
      effect: iam.Effect.DENY,
      actions: ['dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'],
      resources: [table.tableArn],
    }),
  ];
}

/** Adds the deny to the function's role; call it for every function granted on the table. */
export function denyAuditRewrites(fn: IFunction, table: ITable): void {
  for (const statement of auditAppendOnlyStatements(table)) fn.addToRolePolicy(statement);
}
