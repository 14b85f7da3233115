import { describe, expect, it } from 'vitest';
import { readSchedules } from '../../../infra/local/template/read-schedules.ts';
import type { Template } from '../../../infra/local/template/read-template.ts';

/** A template with a state machine, a function and one schedule whose properties the test sets. */
function templateWith(schedule: Record<string, unknown>): Template {
  return {
    Resources: {
      Sweep: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: 'Lanyard-Sweep' } },
      ReportFn: { Type: 'AWS::Lambda::Function', Properties: {} },
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
      Nightly: { Type: 'AWS::Scheduler::Schedule', Properties: schedule },
    },
  };
}

const base = {
  ScheduleExpression: 'cron(0 6 ? * MON *)',
  FlexibleTimeWindow: { Mode: 'OFF' },
  Target: {
    Arn: { Ref: 'Sweep' },
    RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
    Input: '{"mode":"report"}',
    RetryPolicy: { MaximumRetryAttempts: 3 },
  },
};

describe('readSchedules', () => {
  it('reads a state machine schedule as CDK synthesizes it, with Scheduler defaults', () => {
    expect(readSchedules(templateWith(base))).toEqual([
      {
        logicalId: 'Nightly',
        name: 'Nightly',
        groupName: 'default',
        arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/Nightly',
        expression: 'cron(0 6 ? * MON *)',
        timezone: 'UTC',
        enabled: true,
        startDate: undefined,
        endDate: undefined,
        flexibleWindowMinutes: null,
        target: {
          kind: 'stateMachine',
          arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Lanyard-Sweep',
        },
        input: '{"mode":"report"}',
        retry: { maximumRetryAttempts: 3, maximumEventAgeSeconds: 86_400 },
      },
    ]);
  });

  it('reads a Lambda target, its name, state, dates, time zone and flexible window', () => {
    const [schedule] = readSchedules(
      templateWith({
        ...base,
        Name: 'weekly-report',
        State: 'DISABLED',
        StartDate: '2027-01-01T00:00:00Z',
        EndDate: '2027-06-30T00:00:00.000Z',
        ScheduleExpressionTimezone: 'Europe/Paris',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
        Target: { Arn: { 'Fn::GetAtt': ['ReportFn', 'Arn'] }, RoleArn: 'arn:aws:iam::1:role/r' },
      }),
    );
    expect(schedule).toMatchObject({
      name: 'weekly-report',
      enabled: false,
      startDate: Date.parse('2027-01-01T00:00:00Z'),
      endDate: Date.parse('2027-06-30T00:00:00Z'),
      timezone: 'Europe/Paris',
      flexibleWindowMinutes: 15,
      target: {
        kind: 'lambda',
        arn: 'arn:aws:lambda:us-east-1:000000000000:function:ReportFn',
        functionLogicalId: 'ReportFn',
      },
      input: '{}',
      retry: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 },
    });
  });

  it('accepts context keywords in the input, quoted or not', () => {
    const input = '{"at":"<aws.scheduler.scheduled-time>","attempt":<aws.scheduler.attempt-number>}';
    const [schedule] = readSchedules(templateWith({ ...base, Target: { ...base.Target, Input: input } }));
    expect(schedule?.input).toBe(input);
  });

  it.each([
    [
      'a universal target',
      { Target: { ...base.Target, Arn: 'arn:aws:scheduler:::aws-sdk:sqs:sendMessage' } },
      'is neither a state machine nor a Lambda function',
    ],
    [
      'a function alias',
      { Target: { ...base.Target, Arn: 'arn:aws:lambda:us-east-1:000000000000:function:ReportFn:live' } },
      'is a function version or alias',
    ],
    [
      'another service’s parameters',
      { Target: { ...base.Target, SqsParameters: { MessageGroupId: 'g' } } },
      'sets SqsParameters',
    ],
    ['an input that is not JSON', { Target: { ...base.Target, Input: 'sweep please' } }, 'Input is not JSON'],
    ['an unknown state', { State: 'PAUSED' }, 'State'],
    ['a start date that is not a UTC timestamp', { StartDate: 'next monday' }, 'StartDate'],
    [
      'a flexible window without its size',
      { FlexibleTimeWindow: { Mode: 'FLEXIBLE' } },
      'FlexibleTimeWindow',
    ],
    [
      'a retry count over 185',
      { Target: { ...base.Target, RetryPolicy: { MaximumRetryAttempts: 500 } } },
      'RetryPolicy',
    ],
  ])('rejects %s, naming the schedule', (_what, change, problem) => {
    const read = () => readSchedules(templateWith({ ...base, ...change }));
    expect(read).toThrow(/^Schedule Nightly: /);
    expect(read).toThrow(problem);
  });
});
