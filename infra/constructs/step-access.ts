/**
 * A function's catalog access (infra/step-catalog.ts `StepAccess`) as IAM grants and environment,
 * the one place either is written, for the workflow steps and the HTTP functions alike: explicit
 * statements naming each action on each resource, nothing a function does not use.
 */
import {
  type aws_events as events,
  aws_iam as iam,
  Stack,
  type aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { ConfigKeys as K } from '../../functions/composition/config-keys.ts';
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
  /** State machines admins start from the API (`startsRuns`). */
  startableStateMachineArns: string[];
  /** The onboarding state machine and the ARN pattern of its executions (`stopsOnboarding`). */
  onboarding: { stateMachineArn: string; executionsArn: string };
  /** The leave-approval state machine (`leaveApprovals`). */
  leaveApprovalStateMachineArn: string;
  configParameters: ConfigParameters;
  /** The lifecycle bus (`publishesEvents`). */
  bus: events.IEventBus;
  /** The sender of ask-first sweep mail (`mailsPeople`); null grants no SES identity. */
  mailFrom: string | null;
  /** The Standard Webhooks secret and the HR vendors' secrets by environment key (`webhookSecrets`). */
  webhookSecret: secretsmanager.ISecret;
  vendorSecrets: Record<string, secretsmanager.ISecret>;
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
  if (access.mailsPeople && targets.mailFrom) {
    // SES authorizes SendEmail on the sender's identity: the address, or its verified domain.
    const identity = (name: string) =>
      Stack.of(fn).formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    const from = targets.mailFrom;
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [identity(from), identity(from.split('@')[1] ?? from)],
      }),
    );
  }
  if (access.stopsOnboarding) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [targets.onboarding.executionsArn],
      }),
    );
    // Ending an approval wait is a task callback, authorized on the state machine.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskFailure'],
        resources: [targets.onboarding.stateMachineArn],
      }),
    );
  }
  if (access.leaveApprovals) {
    const ask = access.leaveApprovals === 'ask';
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ask ? ['states:StartExecution', 'states:SendTaskFailure'] : ['states:SendTaskFailure'],
        resources: [targets.leaveApprovalStateMachineArn],
      }),
    );
  }
  if (access.webhookSecrets) {
    targets.webhookSecret.grantRead(fn);
    for (const secret of Object.values(targets.vendorSecrets)) secret.grantRead(fn);
  }
  if (access.publishesEvents) targets.bus.grantPutEventsTo(fn);
  if (access.startsRuns) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: targets.startableStateMachineArns,
      }),
    );
  }
}

/**
 * The function's environment: the shared one, less what it may not use (a function that does
 * not notify gets no topic or Slack secret to try), plus where to find what its access grants
 * beyond it: the config parameters' names, the bus, the webhook and vendor secrets.
 */
export function stepEnvironment(
  access: StepAccess,
  shared: Record<string, string>,
  targets: StepAccessTargets,
): Record<string, string> {
  const environment = { ...shared };
  // Only the steps granted the AdminHub secret are told where it is.
  if (!access.adminHubSecret) delete environment[K.adminHubSecretArn];
  if (!access.notify) {
    delete environment[K.notifyTopicArn];
    delete environment[K.slackSecretArn];
  }
  return {
    ...environment,
    ...(access.configParameters && targets.configParameters.environment),
    ...(access.publishesEvents && { [K.eventBusName]: targets.bus.eventBusName }),
    ...(access.webhookSecrets && {
      [K.webhookSecretArn]: targets.webhookSecret.secretArn,
      ...Object.fromEntries(
        Object.entries(targets.vendorSecrets).map(([key, secret]) => [key, secret.secretArn]),
      ),
    }),
  };
}
