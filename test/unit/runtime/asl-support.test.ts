import { describe, expect, it } from 'vitest';
import { assertSupported } from '../../../infra/local/runtime/asl-support.ts';

const lambdaTask = {
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:F', 'Payload.$': '$' },
  TimeoutSeconds: 10,
  End: true,
};
const machine = (state: Record<string, unknown>, top: Record<string, unknown> = {}) => ({
  StartAt: 'S',
  States: { S: state },
  ...top,
});

describe('ASL support matrix', () => {
  it('accepts a JSONPath Lambda task with a timeout', () => {
    expect(() => assertSupported('M', machine(lambdaTask))).not.toThrow();
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, RegExp]>([
    [
      'JSONata',
      { ...lambdaTask, QueryLanguage: 'JSONata', Parameters: undefined, Arguments: {} },
      {},
      /state "S".*(JSONata|Arguments)/,
    ],
    [
      'an aws-sdk integration',
      { ...lambdaTask, Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem' },
      {},
      /state "S".*aws-sdk:dynamodb:getItem/,
    ],
    [
      'a Task without TimeoutSeconds',
      { ...lambdaTask, TimeoutSeconds: undefined },
      {},
      /state "S".*without TimeoutSeconds/,
    ],
    [
      'a timeout setTimeout cannot hold',
      { ...lambdaTask, TimeoutSeconds: 3_000_000 },
      {},
      /state "S".*above 2147483/,
    ],
    ['heartbeats', { ...lambdaTask, HeartbeatSeconds: 30 }, {}, /state "S".*HeartbeatSeconds/],
    [
      'a Distributed Map',
      {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: {} },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'T',
          States: { T: { Type: 'Succeed' } },
        },
        End: true,
      },
      {},
      /state "S".*(ItemReader|Distributed)/,
    ],
    [
      'a dynamic Task timeout',
      { ...lambdaTask, TimeoutSeconds: undefined, TimeoutSecondsPath: '$.timeout' },
      {},
      /state "S".*without TimeoutSeconds \(TimeoutSecondsPath/,
    ],
    [
      'a Wait setTimeout cannot hold',
      { Type: 'Wait', Seconds: 2_600_000, End: true },
      {},
      /state "S".*Wait Seconds 2600000/,
    ],
    [
      'a run timeout setTimeout cannot hold',
      lambdaTask,
      { TimeoutSeconds: 2_600_000 },
      /TimeoutSeconds 2600000/,
    ],
  ])('refuses %s, naming the state', (_name, state, top, message) => {
    expect(() => assertSupported('M', JSON.parse(JSON.stringify(machine(state, top))))).toThrow(message);
  });

  it('refuses IsNull/IsPresent: false (the library evaluates them as always false) and takes Not of the positive test', () => {
    const choice = (rule: Record<string, unknown>) => ({
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ ...rule, Next: 'E' }], Default: 'E' },
        E: { Type: 'Succeed' },
      },
    });
    expect(() => assertSupported('M', choice({ Variable: '$.x', IsNull: false }))).toThrow(
      /IsNull: false on \$\.x \(write Not \{ IsNull: true \}\)/,
    );
    expect(() =>
      assertSupported(
        'M',
        choice({
          And: [
            { Variable: '$.y', IsPresent: false },
            { Variable: '$.z', IsNull: true },
          ],
        }),
      ),
    ).toThrow(/IsPresent: false on \$\.y/);
    expect(() => assertSupported('M', choice({ Not: { Variable: '$.x', IsNull: true } }))).not.toThrow();
  });

  it('refuses invalid ASL with the validator’s words', () => {
    expect(() => assertSupported('M', { StartAt: 'Nowhere', States: { S: { Type: 'Succeed' } } })).toThrow(
      /invalid ASL/,
    );
  });

  it('remembers only what the validator passed: the same invalid ASL is refused again, a near copy of a valid one is validated', () => {
    // Passes are remembered by the definition's hash (the validator takes 150–700 ms a call).
    const invalid = { StartAt: 'Nowhere', States: { S: { Type: 'Succeed' } } };
    expect(() => assertSupported('M', invalid)).toThrow(/invalid ASL/);
    expect(() => assertSupported('M', invalid)).toThrow(/invalid ASL/);
    const valid = { StartAt: 'S', States: { S: { Type: 'Succeed' } } };
    expect(() => assertSupported('M', valid)).not.toThrow();
    expect(() => assertSupported('M', valid)).not.toThrow();
    expect(() => assertSupported('M', { ...valid, StartAt: 'T' })).toThrow(/invalid ASL/);
  });
});
