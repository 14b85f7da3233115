/**
 * The local IAM check on a hand-written template in CDK's shape: a function, its role, the role's
 * DefaultPolicy with a table grant and the audit trail's explicit Deny on `AUDIT#*` leading keys
 * (infra/constructs/audit-append-only.ts), evaluated by iam-simulate; the refusals worded as AWS's.
 */
import { describe, expect, it } from 'vitest';
import { dynamodbRequests, type TableKeys } from '../../../infra/local/iam/dynamodb-requests.ts';
import { AccessDeniedError, accessErrorBody, IamCheck } from '../../../infra/local/iam/iam-check.ts';
import { readFunctionIdentities } from '../../../infra/local/iam/template-identities.ts';
import type { Template } from '../../../infra/local/template/read-template.ts';

const tableArn = { 'Fn::GetAtt': ['Records', 'Arn'] };
const statements = [
  {
    Action: [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
      'dynamodb:BatchWriteItem',
    ],
    Effect: 'Allow',
    Resource: [tableArn, { 'Fn::Join': ['', [tableArn, '/index/*']] }],
  },
  {
    Action: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
    Effect: 'Deny',
    Resource: tableArn,
    Sid: 'AuditAppendOnlyNoUpdateOrDelete',
  },
  {
    Action: 'dynamodb:BatchWriteItem',
    Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
    Effect: 'Deny',
    Resource: tableArn,
  },
  {
    Action: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
    Effect: 'Allow',
    Resource: {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':states:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':stateMachine:Onboarding',
        ],
      ],
    },
  },
  { Action: 'events:PutEvents', Effect: 'Allow', Resource: { 'Fn::GetAtt': ['Bus', 'Arn'] } },
];

function template(extra: Record<string, unknown> = {}, policyStatements: unknown[] = statements): Template {
  return {
    Resources: {
      Records: {
        Type: 'AWS::DynamoDB::Table',
        Properties: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] },
      },
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'lanyard-bus' } },
      FnServiceRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Statement: [] },
          ManagedPolicyArns: [
            {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
                ],
              ],
            },
          ],
        },
      },
      FnServiceRoleDefaultPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyDocument: { Statement: policyStatements, Version: '2012-10-17' },
          PolicyName: 'FnServiceRoleDefaultPolicy',
          Roles: [{ Ref: 'FnServiceRole' }],
        },
      },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['FnServiceRole', 'Arn'] } } },
      ...extra,
    },
  };
}

const TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/Records';
const tables: Record<string, TableKeys> = {
  Records: { arn: TABLE, partitionKey: 'pk', indexPartitionKeys: { gsi1: 'gsi1pk' } },
};
const SESSION = 'arn:aws:sts::000000000000:assumed-role/FnServiceRole/Fn';

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('reading identities from the template', () => {
  it('gives each function its role session and the role policies, intrinsics resolved locally', () => {
    const fn = readFunctionIdentities(template()).Fn;
    expect(fn).toMatchObject({ roleName: 'FnServiceRole', sessionArn: SESSION });
    expect(fn?.policies.map((p) => p.name)).toEqual([
      'FnServiceRoleDefaultPolicy',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
    expect(fn?.policies[0]?.document.Statement[0]?.Resource).toEqual([TABLE, `${TABLE}/index/*`]);
  });

  it('stops on an AWS managed policy whose document it does not know, naming it', () => {
    const t = template();
    const role = t.Resources?.FnServiceRole?.Properties as Record<string, unknown>;
    role.ManagedPolicyArns = ['arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess'];
    expect(() => readFunctionIdentities(t)).toThrow(
      /Function Fn \(role FnServiceRole\): the managed policy arn:aws:iam::aws:policy\/AmazonDynamoDBFullAccess is not known/,
    );
  });

  it('stops on a role from outside the template', () => {
    const t = template();
    (t.Resources?.Fn?.Properties as Record<string, unknown>).Role = 'arn:aws:iam::1:role/elsewhere';
    expect(() => readFunctionIdentities(t)).toThrow(/Function Fn: its Role .* is not a role of the template/);
  });

  it('stops on a condition key it does not supply, in a statement for a service it checks', async () => {
    const t = template({}, [
      ...statements,
      {
        Action: 'dynamodb:Query',
        Condition: { StringEquals: { 'dynamodb:Select': 'COUNT' } },
        Effect: 'Deny',
        Resource: '*',
      },
    ]);
    await expect(IamCheck.fromTemplate(t)).rejects.toThrow(
      /Function Fn \(role FnServiceRole\), policy FnServiceRoleDefaultPolicy: the condition key dynamodb:Select is not supplied/,
    );
  });
});

describe('evaluating calls', async () => {
  const iam = await IamCheck.fromTemplate(template());
  const ddb = (operation: string, body: Record<string, unknown>) =>
    iam.authorize('Fn', dynamodbRequests(operation, body, tables));

  it('allows what the role grants: a put of an audit entry, an update of a person', async () => {
    await expect(
      ddb('PutItem', { TableName: 'Records', Item: { pk: { S: 'AUDIT#2026-11-22' } } }),
    ).resolves.toBeUndefined();
    await expect(
      ddb('UpdateItem', { TableName: 'Records', Key: { pk: { S: 'PERSON#E1' } } }),
    ).resolves.toBeUndefined();
  });

  it('refuses an update of an audit item with the explicit Deny, worded as AWS words it', async () => {
    const error = await refusal(
      ddb('UpdateItem', { TableName: 'Records', Key: { pk: { S: 'AUDIT#2026-11-22' } } }),
    );
    expect(error).toBeInstanceOf(AccessDeniedError);
    expect((error as Error).message).toBe(
      `User: ${SESSION} is not authorized to perform: dynamodb:UpdateItem on resource: ${TABLE} with an explicit deny in an identity-based policy`,
    );
    expect(accessErrorBody(error as AccessDeniedError)).toEqual({
      __type: 'com.amazon.coral.service#AccessDeniedException',
      Message: (error as Error).message,
    });
  });

  it('refuses what no statement allows (implicit deny)', async () => {
    const error = await refusal(ddb('DeleteItem', { TableName: 'Records', Key: { pk: { S: 'PERSON#E1' } } }));
    expect((error as Error).message).toBe(
      `User: ${SESSION} is not authorized to perform: dynamodb:DeleteItem on resource: ${TABLE} because no identity-based policy allows the dynamodb:DeleteItem action`,
    );
  });

  it('refuses a whole batch with one audit key in it (ForAnyValue), allows one without', async () => {
    const batch = (keys: string[]) => ({
      RequestItems: { Records: keys.map((k) => ({ PutRequest: { Item: { pk: { S: k } } } })) },
    });
    await expect(ddb('BatchWriteItem', batch(['PERSON#1', 'PERSON#2']))).resolves.toBeUndefined();
    const error = await refusal(ddb('BatchWriteItem', batch(['PERSON#1', 'AUDIT#2026-11-22'])));
    expect((error as Error).message).toContain(
      `dynamodb:BatchWriteItem on resource: ${TABLE} with an explicit deny`,
    );
  });

  it('authorizes a query of an index on the index ARN', async () => {
    await expect(
      ddb('Query', {
        TableName: 'Records',
        IndexName: 'gsi1',
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': 'gsi1pk' },
        ExpressionAttributeValues: { ':p': { S: 'RUN#running' } },
      }),
    ).resolves.toBeUndefined();
  });

  it('authorizes SendTaskSuccess on the state machine the token belongs to', async () => {
    const onboarding = 'arn:aws:states:us-east-1:000000000000:stateMachine:Onboarding';
    await expect(
      iam.authorize('Fn', [{ action: 'states:SendTaskSuccess', resource: onboarding }]),
    ).resolves.toBeUndefined();
    const error = await refusal(
      iam.authorize('Fn', [{ action: 'states:SendTaskSuccess', resource: `${onboarding}2` }]),
    );
    expect((error as Error).message).toContain(`states:SendTaskSuccess on resource: ${onboarding}2 because`);
  });

  it('authorizes PutEvents on the bus, and names the bus it refuses', async () => {
    const bus = (name: string) => ({
      action: 'events:PutEvents',
      resource: `arn:aws:events:us-east-1:000000000000:event-bus/${name}`,
      context: { 'events:source': 'lanyard.hr', 'events:detail-type': 'Employee Hired' },
    });
    await expect(iam.authorize('Fn', [bus('lanyard-bus')])).resolves.toBeUndefined();
    await expect(iam.authorize('Fn', [bus('default')])).rejects.toThrow(
      'events:PutEvents on resource: arn:aws:events:us-east-1:000000000000:event-bus/default because',
    );
  });

  it('answers an access key naming no function of the template as AWS answers an unknown key', async () => {
    await expect(iam.authorize('Elsewhere', [])).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });
});

describe('requests of a shape already validated', () => {
  // Later requests of a shape skip iam-simulate's validation (a third of the cost): each must get
  // the answer a check that never saw the shape gives.
  const cases: Array<[string, Record<string, unknown>]> = [
    ['UpdateItem', { TableName: 'Records', Key: { pk: { S: 'PERSON#E1' } } }],
    ['UpdateItem', { TableName: 'Records', Key: { pk: { S: 'AUDIT#2026-11-22' } } }],
    ['UpdateItem', { TableName: 'Records', Key: { pk: { S: 'RUN#offboarding:evt-1' } } }],
    ['PutItem', { TableName: 'Records', Item: { pk: { S: 'AUDIT#2026-11-22' } } }],
    ['DeleteItem', { TableName: 'Records', Key: { pk: { S: 'PERSON#E1' } } }],
    ['BatchWriteItem', { RequestItems: { Records: [{ PutRequest: { Item: { pk: { S: 'PERSON#1' } } } }] } }],
    [
      'BatchWriteItem',
      {
        RequestItems: {
          Records: ['PERSON#1', 'AUDIT#2026-11-22'].map((k) => ({ PutRequest: { Item: { pk: { S: k } } } })),
        },
      },
    ],
  ];
  const outcome = (promise: Promise<void>) =>
    promise.then(
      () => 'allowed',
      (e: Error) => e.message,
    );

  it('answer as the validating check does, Deny conditions on the leading keys included', async () => {
    const warm = await IamCheck.fromTemplate(template());
    const answers = { first: [] as string[], later: [] as string[] };
    for (const [operation, body] of cases) {
      const fresh = await IamCheck.fromTemplate(template());
      answers.first.push(await outcome(fresh.authorize('Fn', dynamodbRequests(operation, body, tables))));
    }
    for (const round of [1, 2])
      for (const [operation, body] of cases) {
        const answer = await outcome(warm.authorize('Fn', dynamodbRequests(operation, body, tables)));
        if (round === 2) answers.later.push(answer);
      }
    expect(answers.later).toEqual(answers.first);
    expect(answers.first.filter((a) => a === 'allowed')).toHaveLength(4);
  });
});

describe('the partition keys DynamoDB reports as dynamodb:LeadingKeys', () => {
  const keysOf = (operation: string, body: Record<string, unknown>) =>
    dynamodbRequests(operation, body, tables).map((r) => [
      r.action,
      r.resource,
      r.context?.['dynamodb:LeadingKeys'],
    ]);

  it('reads the key of item operations, the key condition of a query, every key of a batch', () => {
    expect(
      keysOf('GetItem', { TableName: 'Records', Key: { pk: { S: 'PERSON#1' }, sk: { S: 'PROFILE' } } }),
    ).toEqual([['dynamodb:GetItem', TABLE, ['PERSON#1']]]);
    expect(
      keysOf('Query', {
        TableName: 'Records',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':pk': { S: 'AUDIT#2026-11-22' }, ':s': { S: '2026' } },
      }),
    ).toEqual([['dynamodb:Query', TABLE, ['AUDIT#2026-11-22']]]);
    expect(
      keysOf('BatchGetItem', {
        RequestItems: { Records: { Keys: [{ pk: { S: 'A' } }, { pk: { S: 'B' } }] } },
      }),
    ).toEqual([['dynamodb:BatchGetItem', TABLE, ['A', 'B']]]);
    expect(
      keysOf('BatchWriteItem', {
        RequestItems: {
          Records: [
            { DeleteRequest: { Key: { pk: { N: '7' } } } },
            { PutRequest: { Item: { pk: { S: 'B' } } } },
          ],
        },
      }),
    ).toEqual([['dynamodb:BatchWriteItem', TABLE, ['7', 'B']]]);
  });

  it('reports none for a scan, and "*" for ListTables', () => {
    expect(keysOf('Scan', { TableName: 'Records', IndexName: 'gsi1' })).toEqual([
      ['dynamodb:Scan', `${TABLE}/index/gsi1`, undefined],
    ]);
    expect(keysOf('ListTables', {})).toEqual([['dynamodb:ListTables', '*', undefined]]);
  });
});
