// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub and DefinitionSubstitutions syntax, not JS templates
import { describe, expect, it } from 'vitest';
import { functionLogicalId } from '../../../infra/local/runtime/task-dispatch.ts';
import {
  readEventBuses,
  readFunctions,
  readRules,
  readTables,
  resolveIntrinsic,
  resolveStateMachines,
  type Template,
} from '../../../infra/local/template/read-template.ts';

const template: Template = {
  Resources: {
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Timeout: 30, Environment: { Variables: { PLAIN: 'x', TABLE: { Ref: 'Table' } } } },
    },
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: { TableName: 'records', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] },
    },
    Unnamed: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: { DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}' },
    },
    Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'lanyard-bus' } },
    Rule: {
      Type: 'AWS::Events::Rule',
      Properties: {
        EventBusName: { Ref: 'Bus' },
        EventPattern: { source: ['lanyard.hr'], 'detail-type': ['Employee Hired'] },
        Targets: [
          { Arn: { Ref: 'Machine' }, Id: 'T1', InputPath: '$.detail' },
          { Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Id: 'T2', Input: '{"fixed":true}' },
        ],
      },
    },
    Machine: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        StateMachineName: 'Demo',
        DefinitionString: {
          'Fn::Sub': [
            '{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"fn":"${FnArn}","t":"${Table}","m":"${Other}"},"End":true}}}',
            { FnArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Other: 'literal' },
          ],
        },
        DefinitionSubstitutions: { Other: { Ref: 'AWS::URLSuffix' } },
      },
    },
  },
};
const r = (v: unknown) => resolveIntrinsic(template, v, 'here');

describe('resolveIntrinsic', () => {
  it.each<[string, unknown, string]>([
    ['AWS::Partition', { Ref: 'AWS::Partition' }, 'aws'],
    ['AWS::Region', { Ref: 'AWS::Region' }, 'us-east-1'],
    ['AWS::AccountId', { Ref: 'AWS::AccountId' }, '000000000000'],
    ['AWS::URLSuffix', { Ref: 'AWS::URLSuffix' }, 'amazonaws.com'],
    ['Ref to a table (its name)', { Ref: 'Table' }, 'records'],
    [
      'Ref to a state machine (its ARN)',
      { Ref: 'Machine' },
      'arn:aws:states:us-east-1:000000000000:stateMachine:Demo',
    ],
    [
      'Ref to an unnamed state machine',
      { Ref: 'Unnamed' },
      'arn:aws:states:us-east-1:000000000000:stateMachine:Unnamed',
    ],
    [
      'GetAtt Arn of a function',
      { 'Fn::GetAtt': ['Fn', 'Arn'] },
      'arn:aws:lambda:us-east-1:000000000000:function:Fn',
    ],
    [
      'GetAtt in dotted form',
      { 'Fn::GetAtt': 'Fn.Arn' },
      'arn:aws:lambda:us-east-1:000000000000:function:Fn',
    ],
    ['GetAtt Name of a bus', { 'Fn::GetAtt': ['Bus', 'Name'] }, 'lanyard-bus'],
    ['Join', { 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }]] }, 'a-us-east-1'],
    [
      'Sub with pseudo and attribute',
      { 'Fn::Sub': '${AWS::Partition}:${Fn.Arn}' },
      'aws:arn:aws:lambda:us-east-1:000000000000:function:Fn',
    ],
    [
      'Sub with variables and an escape',
      { 'Fn::Sub': ['${X}-${!Literal}', { X: { Ref: 'Table' } }] },
      'records-${Literal}',
    ],
  ])('%s', (_name, value, expected) => {
    expect(r(value)).toBe(expected);
  });

  it.each([
    ['Fn::ImportValue', { 'Fn::ImportValue': 'x' }, /here: the intrinsic Fn::ImportValue is not supported/],
    ['Fn::If', { 'Fn::If': ['c', 'a', 'b'] }, /the intrinsic Fn::If/],
    ['a Ref to a missing resource', { Ref: 'Nope' }, /Ref to unknown resource Nope/],
    ['a GetAtt of a missing resource', { 'Fn::GetAtt': ['Nope', 'Arn'] }, /unknown resource Nope/],
    [
      'an attribute it does not know',
      { 'Fn::GetAtt': ['Table', 'StreamArn'] },
      /Table\.StreamArn is not supported/,
    ],
  ])('refuses %s, naming it', (_name, value, message) => {
    expect(() => r(value)).toThrow(message);
  });
});

describe('template readers', () => {
  it('resolves definitions with Fn::Sub and DefinitionSubstitutions; aslText is what runs', () => {
    const machine = resolveStateMachines(template).find((m) => m.logicalId === 'Machine');
    expect(machine?.name).toBe('Demo');
    expect(machine?.aslText).toBe(
      '{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"fn":"arn:aws:lambda:us-east-1:000000000000:function:Fn","t":"records","m":"literal"},"End":true}}}',
    );
    expect(machine?.asl).toEqual(JSON.parse(machine?.aslText ?? ''));
  });

  it('applies DefinitionSubstitutions to placeholders left after resolution', () => {
    const t: Template = {
      Resources: {
        M: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            DefinitionString: '{"Comment":"${Suffix}","StartAt":"A","States":{"A":{"Type":"Succeed"}}}',
            DefinitionSubstitutions: { Suffix: { Ref: 'AWS::URLSuffix' } },
          },
        },
      },
    };
    expect(resolveStateMachines(t)[0]?.asl.Comment).toBe('amazonaws.com');
  });

  it('reads functions (variables resolved locally), tables, buses and rules', () => {
    expect(readFunctions(template)).toEqual({
      Fn: { timeoutSeconds: 30, environment: { PLAIN: 'x', TABLE: 'records' } },
    });
    const withSecret: Template = {
      Resources: {
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: { Environment: { Variables: { SECRET: { 'Fn::ImportValue': 'elsewhere' } } } },
        },
      },
    };
    expect(readFunctions(withSecret)).toEqual({ Fn: { timeoutSeconds: 3, environment: {} } });
    expect(readTables(template).map((t) => [t.logicalId, t.name])).toEqual([['Table', 'records']]);
    expect(readEventBuses(template)).toEqual([{ logicalId: 'Bus', name: 'lanyard-bus' }]);
    expect(readRules(template)).toEqual([
      {
        logicalId: 'Rule',
        busName: 'lanyard-bus',
        pattern: { source: ['lanyard.hr'], 'detail-type': ['Employee Hired'] },
        targets: [
          { kind: 'stateMachine', logicalId: 'Machine', input: undefined, inputPath: '$.detail' },
          { kind: 'lambda', logicalId: 'Fn', input: '{"fixed":true}', inputPath: undefined },
        ],
      },
    ]);
  });

  it('skips disabled rules and refuses a target it would deliver wrongly (InputTransformer)', () => {
    const rule = (props: Record<string, unknown>, target: Record<string, unknown> = {}) => ({
      Resources: {
        Machine: template.Resources?.Machine as NonNullable<Template['Resources']>[string],
        Rule: {
          Type: 'AWS::Events::Rule',
          Properties: {
            EventPattern: { source: ['x'] },
            Targets: [{ Arn: { Ref: 'Machine' }, Id: 'T', ...target }],
            ...props,
          },
        },
      },
    });
    expect(readRules(rule({ State: 'DISABLED' }))).toEqual([]);
    expect(readRules(rule({ State: 'ENABLED' }))).toHaveLength(1);
    expect(() =>
      readRules(rule({}, { InputTransformer: { InputTemplate: '"<x>"', InputPathsMap: { x: '$.detail' } } })),
    ).toThrow(/Rule Rule target Machine: InputTransformer/);
  });

  it('maps a FunctionName (ARN, qualified ARN, partial ARN, name) to the logical id', () => {
    expect(functionLogicalId('arn:aws:lambda:us-east-1:000000000000:function:Fn')).toBe('Fn');
    expect(functionLogicalId('arn:aws:lambda:us-east-1:000000000000:function:Fn:$LATEST')).toBe('Fn');
    expect(functionLogicalId('000000000000:function:Fn')).toBe('Fn');
    expect(functionLogicalId('Fn')).toBe('Fn');
  });
});
