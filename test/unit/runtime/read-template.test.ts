import { describe, expect, it } from 'vitest';
import {
  resolveIntrinsic,
  resolveStateMachines,
  type Template,
} from '../../../infra/local/template/read-template.ts';

const template: Template = {
  Resources: {
    StepFn: { Type: 'AWS::Lambda::Function', Properties: {} },
    Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    Machine: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        StateMachineName: 'Demo',
        DefinitionString: {
          'Fn::Join': [
            '',
            [
              '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:',
              { Ref: 'AWS::Partition' },
              ':states:::lambda:invoke","Parameters":{"FunctionName":"',
              { 'Fn::GetAtt': ['StepFn', 'Arn'] },
              '"},"TimeoutSeconds":5,"End":true}}}',
            ],
          ],
        },
      },
    },
  },
};

describe('read-template', () => {
  it('resolves Ref, GetAtt, Join and Sub to local names and ARNs', () => {
    expect(resolveIntrinsic(template, { Ref: 'AWS::Region' }, 't')).toBe('us-east-1');
    expect(resolveIntrinsic(template, { Ref: 'Table' }, 't')).toBe('Table');
    expect(resolveIntrinsic(template, { 'Fn::GetAtt': ['StepFn', 'Arn'] }, 't')).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:StepFn',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a JS template
    expect(resolveIntrinsic(template, { 'Fn::Sub': 'x-${AWS::AccountId}-${StepFn.Arn}' }, 't')).toBe(
      'x-000000000000-arn:aws:lambda:us-east-1:000000000000:function:StepFn',
    );
    expect(resolveIntrinsic(template, { Ref: 'Machine' }, 't')).toBe(
      'arn:aws:states:us-east-1:000000000000:stateMachine:Demo',
    );
  });

  it('refuses an intrinsic it does not know, naming it and where', () => {
    expect(() => resolveIntrinsic(template, { 'Fn::ImportValue': 'x' }, 'State machine M')).toThrow(
      /State machine M: the intrinsic Fn::ImportValue is not supported/,
    );
  });

  it('runs exactly the resolved DefinitionString text', () => {
    const [machine] = resolveStateMachines(template);
    expect(machine?.arn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:Demo');
    expect(machine?.asl).toEqual(JSON.parse(machine?.aslText ?? ''));
    expect(machine?.aslText).toContain(
      '"FunctionName":"arn:aws:lambda:us-east-1:000000000000:function:StepFn"',
    );
  });
});
