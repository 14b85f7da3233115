import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { LanyardStack } from './lanyard-stack.ts';

/**
 * cdk-nag (AwsSolutions) findings Lanyard accepts, each with its reason and scoped to exactly the
 * resource it is about. Anything not listed here fails synth.
 */
export function acknowledgeNagFindings(stack: LanyardStack): void {
  const logicalId = (element: unknown) => Stack.of(stack).getLogicalId(element as CfnElement);
  const tableId = logicalId(stack.records.table.node.defaultChild);
  const functionIds = Object.values(stack.steps).map((step) => logicalId(step.fn.node.defaultChild));

  Validations.of(stack).acknowledge(
    {
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'Lambda steps write their own log group through the basic execution role; it grants nothing else.',
    },
    {
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
    },
    {
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
      reason:
        'Steps query the records table indexes (the status GSI); CDK grants them on the table’s own index ARNs.',
    },
    ...functionIds.map((id) => ({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${id}.Arn>:*]`,
      reason:
        'The state machine invokes each step function by ARN and its versions/aliases (CDK’s LambdaInvoke grant).',
    })),
    {
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stack.stackName}-Onboarding:*]`,
      reason:
        'Begin Offboarding stops the leaver’s onboarding execution, whose name is only known at run time; the grant covers executions of the onboarding state machine only.',
    },
    {
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'The Trello API token is issued by a Trello Enterprise admin, and the webhook secret must be changed in step with the HR system (current/previous, README): Secrets Manager cannot rotate either alone.',
    },
    {
      id: 'AwsSolutions::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason:
        'Steps that notify publish to the KMS-encrypted admin topic; CDK’s grantPublish names the GenerateDataKey family on that one key.',
    },
    {
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Lanyard targets the nodejs22.x Lambda runtime (DESIGN.md "Stack decisions"), matched by the local runtime and CI.',
    },
  );
  for (const route of stack.http.publicRoutes) {
    Validations.of(route).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason:
        'Public on purpose: POST /hr/events is authenticated by its Standard Webhooks signature (checked in the function); the OpenAPI description and the console files hold no data, and every call the console makes goes through the JWT authorizer.',
    });
  }
}
