/**
 * The local stack checks IAM as AWS does (DESIGN.md "Properties"): every DynamoDB, Step Functions
 * and EventBridge call a function makes is evaluated against that function's synthesized role
 * policies, and refused with AWS's AccessDeniedException. Synthesized with one grant taken away,
 * the workflow that needs it fails locally exactly as it would on AWS, naming the action and the
 * resource. Calls that name no function (a test's own client) are not checked.
 */
import {
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awsClientConfig,
  FUNCTION_ACCESS_KEY_PREFIX,
  runAsFunction,
} from '../../../functions/composition/aws-clients.ts';
import { readFunctionIdentities } from '../../../infra/local/iam/template-identities.ts';
import type { Template } from '../../../infra/local/template/read-template.ts';
import {
  hrEvent,
  type StackHarness,
  startOnboarding,
  startStackHarness,
  waitFor,
  waitForExecution,
} from '../../support/local-stack-harness.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** The logical id of the template's function whose id starts with `prefix`. */
const fnId = (template: Template, prefix: string) => {
  const id = Object.entries(template.Resources ?? {}).find(
    ([logicalId, r]) => r.Type === 'AWS::Lambda::Function' && logicalId.startsWith(prefix),
  )?.[0];
  if (!id) throw new Error(`no function ${prefix}* in the template`);
  return id;
};

/** Takes `action` out of every policy statement attached to the role of the function `prefix`*. */
function withoutGrant(prefix: string, action: string) {
  return (template: Record<string, unknown>) => {
    const resources = template.Resources as Resources;
    const fn = resources[fnId(template, prefix)] as Resources[string];
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    for (const r of Object.values(resources)) {
      if (r.Type !== 'AWS::IAM::Policy') continue;
      if (!(r.Properties.Roles as Array<{ Ref: string }>).some((ref) => ref.Ref === role)) continue;
      for (const statement of (r.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> })
        .Statement)
        if (Array.isArray(statement.Action) && statement.Effect === 'Allow')
          statement.Action = statement.Action.filter((a) => a !== action);
    }
    return template;
  };
}

let h: StackHarness;
let template: Template;
beforeAll(async () => {
  h = await startStackHarness({
    inMemory: true,
    templateTransform: (t) => {
      const changed = withoutGrant('EnsureWorkspacesFn', 'dynamodb:UpdateItem')(t);
      template = changed as Template;
      return changed;
    },
  });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

const tableArn = () => `arn:aws:dynamodb:us-east-1:000000000000:table/${h.stack.tableName}`;
const sessionOf = (logicalId: string) => readFunctionIdentities(template)[logicalId]?.sessionArn;

describe('a grant missing from the template', () => {
  it('fails the step that needs it with AWS’s AccessDeniedException, naming the action and the resource', async () => {
    const ensure = fnId(template, 'EnsureWorkspacesFn');
    const message = `User: ${sessionOf(ensure)} is not authorized to perform: dynamodb:UpdateItem on resource: ${tableArn()} because no identity-based policy allows the dynamodb:UpdateItem action`;
    expect(message).toMatch(
      /^User: arn:aws:sts::000000000000:assumed-role\/EnsureWorkspacesFnServiceRole[0-9A-F]{8}\/EnsureWorkspacesFn[0-9A-F]{8} is not authorized/,
    );
    const email = 'no-grant@example.com';
    await h.control('POST', '/members', { email, fullName: 'No Grant' });
    const arn = await startOnboarding(h, hrEvent('employee.hired', { email }));
    const end = await waitForExecution(h, arn);
    expect(end.status).toBe('FAILED');
    const { events = [] } = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn }));
    const failed = events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails;
    expect(failed?.error).toBe('AccessDeniedException');
    expect(JSON.parse(failed?.cause ?? '{}')).toMatchObject({
      errorType: 'AccessDeniedException',
      errorMessage: message,
    });
  });
});

describe('calls a function makes', () => {
  const asFunction = <T>(prefix: string, call: () => Promise<T>) =>
    runAsFunction(fnId(template, prefix), call).then(
      (value) => ({ ok: true as const, value }),
      (error: Error) => ({ ok: false as const, name: error.name, message: error.message }),
    );
  const dynamodb = () => new DynamoDBClient({ ...awsClientConfig(h.stack.dynamodbEndpoint), maxAttempts: 1 });
  const audit = { pk: { S: 'AUDIT#1999-01-01' }, sk: { S: 'iam-check' } };

  it('DynamoDB: appends an audit item, refuses to update or delete one (the explicit Deny)', async () => {
    const client = dynamodb();
    const put = await asFunction('FinishOnboardingFn', () =>
      client.send(new PutItemCommand({ TableName: h.stack.tableName, Item: audit })),
    );
    expect(put.ok).toBe(true);
    const update = await asFunction('FinishOnboardingFn', () =>
      client.send(
        new UpdateItemCommand({
          TableName: h.stack.tableName,
          Key: audit,
          UpdateExpression: 'SET edited = :t',
          ExpressionAttributeValues: { ':t': { BOOL: true } },
        }),
      ),
    );
    expect(update).toEqual({
      ok: false,
      name: 'AccessDeniedException',
      message: `User: ${sessionOf(fnId(template, 'FinishOnboardingFn'))} is not authorized to perform: dynamodb:UpdateItem on resource: ${tableArn()} with an explicit deny in an identity-based policy`,
    });
    const remove = await asFunction('FinishOnboardingFn', () =>
      client.send(new DeleteItemCommand({ TableName: h.stack.tableName, Key: audit })),
    );
    expect(remove).toMatchObject({ ok: false, name: 'AccessDeniedException' });
    client.destroy();
  });

  it('DynamoDB: answers a refusal on the wire as DynamoDB does (HTTP 400, coral __type, Message)', async () => {
    const fn = fnId(template, 'FinishOnboardingFn');
    const response = await fetch(h.stack.dynamodbEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.DeleteItem',
        'x-amz-date': '20261122T000000Z',
        authorization: `AWS4-HMAC-SHA256 Credential=${FUNCTION_ACCESS_KEY_PREFIX}${fn}/20261122/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`,
      },
      body: JSON.stringify({ TableName: h.stack.tableName, Key: audit }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: 'com.amazon.coral.service#AccessDeniedException',
      Message: `User: ${sessionOf(fn)} is not authorized to perform: dynamodb:DeleteItem on resource: ${tableArn()} with an explicit deny in an identity-based policy`,
    });
  });

  it('DynamoDB: does not check a client that names no function (tests, tools, the admin CLI)', async () => {
    const client = new DynamoDBClient({
      endpoint: h.stack.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client.send(new DeleteItemCommand({ TableName: h.stack.tableName, Key: audit }));
    client.destroy();
  });

  it('Step Functions: allows what the role grants, refuses the rest naming the state machine', async () => {
    const sfn = new SFNClient({ ...awsClientConfig(h.stack.runtime.sfnEndpoint), maxAttempts: 1 });
    // Begin Offboarding may describe and stop onboarding executions: allowed, then not found.
    const missing = `${h.stack.onboardingArn.replace(':stateMachine:', ':execution:')}:none`;
    const described = await asFunction('BeginOffboardingFn', () =>
      sfn.send(new DescribeExecutionCommand({ executionArn: missing })),
    );
    expect(described).toMatchObject({ ok: false, name: 'ExecutionDoesNotExist' });
    const grant = await asFunction('GrantSeatFn', () =>
      sfn.send(new DescribeExecutionCommand({ executionArn: missing })),
    );
    expect(grant).toMatchObject({
      ok: false,
      name: 'AccessDeniedException',
      message: `User: ${sessionOf(fnId(template, 'GrantSeatFn'))} is not authorized to perform: states:DescribeExecution on resource: ${missing} because no identity-based policy allows the states:DescribeExecution action`,
    });
    const start = await asFunction('GrantSeatFn', () =>
      sfn.send(new StartExecutionCommand({ stateMachineArn: h.stack.sweepArn, input: '{}' })),
    );
    expect(start).toMatchObject({
      ok: false,
      message: expect.stringContaining(`states:StartExecution on resource: ${h.stack.sweepArn} because`),
    });
    sfn.destroy();
  });

  it('EventBridge: the HR ingest function may put events on the bus, a step may not', async () => {
    const events = new EventBridgeClient({
      ...awsClientConfig(h.stack.runtime.eventsEndpoint),
      maxAttempts: 1,
    });
    const put = () =>
      events.send(
        new PutEventsCommand({
          Entries: [
            { EventBusName: h.stack.busName, Source: 'iam.test', DetailType: 'Nothing', Detail: '{}' },
          ],
        }),
      );
    expect(await asFunction('HttpIngestFn', put)).toMatchObject({ ok: true });
    expect(await asFunction('GrantSeatFn', put)).toMatchObject({
      ok: false,
      name: 'AccessDeniedException',
      message: expect.stringContaining(
        `events:PutEvents on resource: arn:aws:events:us-east-1:000000000000:event-bus/${h.stack.busName} because no identity-based policy allows`,
      ),
    });
    events.destroy();
  });

  it('Step Functions: authorizes a task token on the state machine it belongs to', async () => {
    const email = `seatless.${Date.now()}@example.com`;
    await h.control('POST', '/members', { email, fullName: 'Seatless' });
    await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount });
    const arn = await startOnboarding(h, hrEvent('employee.hired', { email }));
    const token = await waitFor(
      'the seat request',
      async () => h.stack.runtime.tokens.pending(arn)[0]?.token,
    );
    await h.control('POST', '/enterprise', { maxMembers: 10_000 });
    const sfn = new SFNClient({ ...awsClientConfig(h.stack.runtime.sfnEndpoint), maxAttempts: 1 });
    const send = () => sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Test.Declined' }));
    expect(await asFunction('GrantSeatFn', send)).toMatchObject({
      ok: false,
      name: 'AccessDeniedException',
      message: `User: ${sessionOf(fnId(template, 'GrantSeatFn'))} is not authorized to perform: states:SendTaskFailure on resource: ${h.stack.onboardingArn} because no identity-based policy allows the states:SendTaskFailure action`,
    });
    // The admin API's function answers approvals: granted on the state machines.
    expect(await asFunction('HttpAdminFn', send)).toMatchObject({ ok: true });
    await waitForExecution(h, arn);
    sfn.destroy();
  });

  it('answers an access key naming no function of the template as AWS answers an unknown key', async () => {
    const sfn = new SFNClient({ ...awsClientConfig(h.stack.runtime.sfnEndpoint), maxAttempts: 1 });
    const error = await runAsFunction('NoSuchFn', () =>
      sfn.send(new StartExecutionCommand({ stateMachineArn: h.stack.sweepArn })),
    ).catch((e: Error) => e);
    expect(error).toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    sfn.destroy();
  });
});
