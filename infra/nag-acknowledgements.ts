import { type aws_iam as iam, type aws_lambda as lambda, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { WORKFLOW_OBSERVABILITY_POLICY_ID } from '../workflows/shared/workflow-machine.ts';
import { API_FUNCTIONS } from './api-catalog.ts';
import { LAMBDA_TRACING_POLICY_ID } from './constructs/step-lambda.ts';
import type { LanyardStack } from './lanyard-stack.ts';
import { STEP_CATALOG } from './step-catalog.ts';

/** cdk-nag's AwsSolutions pack and the cfn-guard plugin, as the Validations API names their rules. */
const NAG = 'AwsSolutions';
export const GUARD = 'cdk-validator-cfnguard';

/**
 * The findings Lanyard accepts, each with its reason, acknowledged on exactly the CloudFormation
 * resources it is about (cdk-nag's AwsSolutions and the cfn-guard Control Tower rules): the
 * acknowledgement sits on the resource's own construct, so the same finding anywhere else (a new
 * role, a new queue, a new wildcard) still fails synth. Anything not listed here fails synth.
 *
 * What is fixed rather than acknowledged: table access is explicit actions on the table and the
 * one index it queries (no `index/*`), log groups are KMS-encrypted, every KMS key refuses grants
 * by anyone but AWS services, the seat watch's role invokes its function's ARN only, a function
 * writes its own log group only (no AWSLambdaBasicExecutionRole), and the actions that take no
 * resource (X-Ray, log delivery) are in two policies of their own, so no role's own policy needs
 * an acknowledged `Resource::*`.
 */
export function acknowledgeNagFindings(stack: LanyardStack): void {
  const notifies = new Set<string>(
    [...STEP_CATALOG, ...API_FUNCTIONS]
      .filter((s) => 'notify' in s.access && s.access.notify)
      .map((s) => s.id),
  );
  const functions = [
    ...STEP_CATALOG.map((step) => ({ id: step.id as string, fn: stack.steps[step.id].fn })),
    ...API_FUNCTIONS.map((api) => ({ id: api.id as string, fn: stack.http.functions[api.id].fn })),
  ];

  // The only statements on "*" are in the two policies of actions that take no resource; every
  // role's own policy has none, so a wildcard added to one later is a finding.
  acknowledge(resourceOf(stack.node.findChild(LAMBDA_TRACING_POLICY_ID)), {
    id: `${NAG}::AwsSolutions-IAM5[Resource::*]`,
    reason:
      "X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions (this policy's only statement).",
  });
  acknowledge(resourceOf(stack.node.findChild(WORKFLOW_OBSERVABILITY_POLICY_ID)), {
    id: `${NAG}::AwsSolutions-IAM5[Resource::*]`,
    reason:
      "X-Ray (PutTraceSegments, PutTelemetryRecords, GetSamplingRules/Targets) and CloudWatch Logs delivery (CreateLogDelivery and the other *LogDelivery actions, PutResourcePolicy, DescribeResourcePolicies/LogGroups) support no resource-level permissions (this policy's only statements).",
  });

  for (const { id, fn } of functions) {
    const role = fn.role as iam.Role;
    if (notifies.has(id)) {
      acknowledge(defaultPolicyOf(role), {
        id: `${NAG}::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]`,
        reason:
          "The function notifies admins on the KMS-encrypted alarm topic; SNS needs the GenerateDataKey family on that one key (CDK's grantPublish).",
      });
    }
    acknowledge(resourceOf(fn), {
      id: `${NAG}::AwsSolutions-L1`,
      reason:
        'Lanyard targets the nodejs22.x Lambda runtime (DESIGN.md "Stack decisions"), which the local runtime and CI run too.',
    });
    acknowledge(resourceOf(fn), {
      id: `${GUARD}::lambda_inside_vpc_check`,
      reason:
        'The function calls only public endpoints (Trello, the IdP, AWS APIs) and holds no network-reachable resource: a VPC would add NAT gateways to pay for and nothing to isolate.',
    });
    acknowledge(resourceOf(fn.logGroup), logRetention);
  }

  const begin = stack.steps['begin-offboarding'].fn.role as iam.Role;
  acknowledge(defaultPolicyOf(begin), {
    id: `${NAG}::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stack.stackName}-Onboarding:*]`,
    reason:
      "Begin Offboarding stops the leaver's onboarding execution, whose name is only known at run time; the grant covers executions of the onboarding state machine only.",
  });

  for (const workflow of [
    stack.onboarding,
    stack.offboarding,
    stack.sweep,
    stack.reconciliation,
    stack.leaveApproval,
  ]) {
    const policy = defaultPolicyOf(workflow.stateMachine.role as iam.Role);
    for (const functionId of invokedFunctionIds(policy)) {
      acknowledge(policy, {
        id: `${NAG}::AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
        reason:
          "The state machine invokes this step function by ARN, and its versions and aliases (CDK's LambdaInvoke grant: `<function ARN>:*`).",
      });
    }
    acknowledge(resourceOf(workflow.logGroup), logRetention);
  }
  acknowledge(resourceOf(stack.http.accessLogs), logRetention);

  const { secrets } = stack;
  const rotation = (what: string) => ({
    id: `${NAG}::AwsSolutions-SMG4`,
    reason: `${what} Secrets Manager has no rotation function for it, so it cannot rotate it alone (README "Deploying to AWS").`,
  });
  acknowledge(
    resourceOf(secrets.trello),
    rotation('The Trello API token is issued by a Trello Enterprise admin, in Trello.'),
  );
  acknowledge(
    resourceOf(secrets.webhook),
    rotation('The webhook secret changes in step with the HR system (current/previous).'),
  );
  if (secrets.slack)
    acknowledge(resourceOf(secrets.slack), rotation('The Slack webhook URL is issued by Slack.'));
  if (secrets.idp)
    acknowledge(
      resourceOf(secrets.idp),
      rotation("The IdP's API credentials are issued in the identity provider."),
    );
  if (secrets.adminHub)
    acknowledge(
      resourceOf(secrets.adminHub),
      rotation(
        'The Atlassian Administration API key is issued by an organization admin, in admin.atlassian.com.',
      ),
    );
  for (const secret of Object.values(secrets.vendors))
    acknowledge(
      resourceOf(secret),
      rotation("An HR vendor's webhook key or API user is issued by the HR system."),
    );

  for (const failures of Object.values(stack.failureQueues)) {
    if (!failures) continue;
    const reason =
      'This queue is itself a dead-letter queue (of EventBridge rule targets, Scheduler schedules or Lambda asynchronous invocations, which cdk-nag and cfn-guard only recognise for SQS redrive); a dead-letter queue of it would only move the problem, and its depth alarm reports every message.';
    acknowledge(resourceOf(failures.queue), { id: `${NAG}::AwsSolutions-SQS3`, reason });
    acknowledge(resourceOf(failures.queue), { id: `${GUARD}::sqs_dlq_check`, reason });
  }

  for (const route of stack.http.publicRoutes) {
    const reason =
      'Public on purpose: POST /hr/events[/{vendor}] is authenticated by its webhook signature and POST /keep-seat by the mailed link’s single-use token (both checked in the function); the OpenAPI description and the console files hold no data, and every call the console makes goes through the JWT authorizer.';
    acknowledge(resourceOf(route), { id: `${NAG}::AwsSolutions-APIG4`, reason });
    acknowledge(resourceOf(route), { id: `${GUARD}::api_gw_v2_authorization_type_configured_check`, reason });
  }
  // API Gateway's permission to invoke each route's function names the route (SourceArn, a
  // Fn::Join of this API's execute-api ARN), which the guard rule cannot read: it only accepts
  // a literal string or a Ref/GetAtt.
  for (const route of stack.http.api.node.children) {
    for (const permission of route.node.children.filter(isLambdaPermission)) {
      acknowledge(permission, {
        id: `${GUARD}::lambda_function_public_access_prohibited_check`,
        reason:
          'API Gateway may invoke the function for this route only: the permission has SourceArn = arn:…:execute-api:<region>:<account>:<api id>/*/<method><path> (a Fn::Join, which the guard rule cannot read).',
      });
    }
  }
}

const logRetention = {
  id: `${GUARD}::cloudwatch_log_group_retention_period_check`,
  reason:
    'Lanyard keeps operational logs 3 months (they carry employee ids and admins’ emails: kept no longer than needed to investigate). What must last is in the records table (the hash-chained audit trail, with point-in-time recovery), not in logs.',
};

function acknowledge(construct: IConstruct | undefined, rule: { id: string; reason: string }): void {
  // A construct that is not where this file expects it is a refactor to follow, not a rule to drop.
  if (!construct) throw new Error(`Cannot acknowledge ${rule.id}: its construct is gone`);
  Validations.of(construct).acknowledge(rule);
}

/** The CloudFormation resource of an L2 construct (its default child). */
function resourceOf(construct: IConstruct): IConstruct | undefined {
  return construct.node.defaultChild;
}

/** The CloudFormation resource of a role's default policy (where CDK's grants go). */
function defaultPolicyOf(role: iam.Role): IConstruct | undefined {
  const policy = role.node.tryFindChild('DefaultPolicy');
  return policy ? resourceOf(policy) : undefined;
}

function isLambdaPermission(construct: IConstruct): construct is lambda.CfnPermission {
  return (construct as { cfnResourceType?: string }).cfnResourceType === 'AWS::Lambda::Permission';
}

/** The logical ids of the functions a state machine role's policy invokes by `<ARN>:*`. */
function invokedFunctionIds(policy: IConstruct | undefined): string[] {
  if (!policy) return [];
  const document = Stack.of(policy).resolve((policy as iam.CfnPolicy).policyDocument) as {
    Statement: Array<{ Action: string | string[]; Resource: unknown }>;
  };
  const ids = new Set<string>();
  for (const statement of document.Statement) {
    if (![statement.Action].flat().includes('lambda:InvokeFunction')) continue;
    for (const resource of [statement.Resource].flat()) {
      const parts = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1];
      const [arn, suffix] = parts ?? [];
      const id = (arn as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
      if (id && suffix === ':*') ids.add(id);
    }
  }
  return [...ids];
}
