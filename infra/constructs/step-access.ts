/**
 * A function's catalog access (infra/step-catalog.ts `StepAccess`) as IAM grants and environment,
 * the same way for the workflow steps and the two HTTP functions: explicit statements naming each
 * action on each resource, nothing a function does not use.
 */
import { aws_iam as iam, type aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { ConfigKeys as K } from '../../functions/runtime/config-keys.ts';
import type { StepAccess, TableAccess } from '../step-catalog.ts';
import { denyAuditRewrites } from './audit-append-only.ts';
import type { ConfigParameters } from './config-parameters.ts';

/** DynamoDB actions by access (functions/adapters/dynamodb/record-table.ts makes no other calls). */
export const TABLE_ACTIONS: Record<TableAccess, readonly string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
  'read-write': [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:BatchGetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
  ],
};

/** What the grants point at: the resources every function may be given access to. */
export interface StepAccessTargets {
  table: ITable;
  /** The status index's name (its ARN is `<table ARN>/index/<name>`). */
  statusIndexName: string;
  trelloSecret: secretsmanager.ISecret;
  idpSecret: secretsmanager.ISecret | null;
  /** The Atlassian Administration API key secret (AdminHub-managed Enterprises only). */
  adminHubSecret: secretsmanager.ISecret | null;
  slackSecret: secretsmanager.ISecret | null;
  /** The admin notification topic (SNS, KMS-encrypted). */
  notifyTopic: ITopic;
  /** State machines whose waiting steps may be resumed (SendTaskSuccess/Failure). */
  callbackStateMachineArns: string[];
  configParameters: ConfigParameters;
}

/** The table statements of one access (exported for the infra tests). */
export function tableAccessStatements(
  table: ITable,
  statusIndexName: string,
  access: Pick<StepAccess, 'table' | 'tableBatchWrite' | 'statusIndex'>,
): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      sid: 'RecordsTable',
      actions: [
        ...TABLE_ACTIONS[access.table],
        ...(access.tableBatchWrite ? ['dynamodb:BatchWriteItem'] : []),
      ],
      resources: [table.tableArn],
    }),
  ];
  if (access.statusIndex) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'RecordsStatusIndex',
        actions: ['dynamodb:Query'],
        resources: [`${table.tableArn}/index/${statusIndexName}`],
      }),
    );
  }
  return statements;
}

/** Grants the function exactly its catalog access (and the audit trail's explicit deny). */
export function grantStepAccess(fn: IFunction, access: StepAccess, targets: StepAccessTargets): void {
  for (const statement of tableAccessStatements(targets.table, targets.statusIndexName, access))
    fn.addToRolePolicy(statement);
  denyAuditRewrites(fn, targets.table);
  if (access.trelloSecret) targets.trelloSecret.grantRead(fn);
  if (access.idpSecret) targets.idpSecret?.grantRead(fn);
  if (access.adminHubSecret) targets.adminHubSecret?.grantRead(fn);
  if (access.notify) {
    targets.notifyTopic.grantPublish(fn);
    targets.slackSecret?.grantRead(fn);
  }
  if (access.taskCallbacks) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
        resources: targets.callbackStateMachineArns,
      }),
    );
  }
  if (access.configParameters) targets.configParameters.grantRead(fn);
}

/**
 * The function's environment: the shared one, less what it may not use (a function that does
 * not notify gets no topic or Slack secret to try), plus the config parameters' names for the
 * functions that read them.
 */
export function stepEnvironment(
  access: StepAccess,
  shared: Record<string, string>,
  configParameters: ConfigParameters,
): Record<string, string> {
  const environment = { ...shared };
  // Only the steps granted the AdminHub secret are told where it is.
  if (!access.adminHubSecret) delete environment[K.adminHubSecretArn];
  if (!access.notify) {
    delete environment[K.notifyTopicArn];
    delete environment[K.slackSecretArn];
  }
  return access.configParameters ? { ...environment, ...configParameters.environment } : environment;
}
