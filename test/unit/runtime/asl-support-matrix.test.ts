/** Every refusal of the support matrix names the state, also inside Map and Parallel. */
import { describe, expect, it } from 'vitest';
import { assertSupported, taskStates } from '../../../infra/local/runtime/asl-support.ts';

const task = (extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:F', 'Payload.$': '$' },
  TimeoutSeconds: 10,
  End: true,
  ...extra,
});
const inMap = (inner: Record<string, unknown>, mapExtra: Record<string, unknown> = {}) => ({
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Inner', States: { Inner: inner } },
      End: true,
      ...mapExtra,
    },
  },
});
const clean = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('support matrix', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'Output (asl-validator names its path)',
      { StartAt: 'S', States: { S: { Type: 'Pass', Output: {}, End: true } } },
      /invalid ASL.*\/States\/S\//,
    ],
    [
      'Assign',
      { StartAt: 'S', States: { S: { Type: 'Pass', Assign: { a: 1 }, End: true } } },
      /state "S".*Assign/,
    ],
    [
      'top-level JSONata',
      { QueryLanguage: 'JSONata', StartAt: 'S', States: { S: { Type: 'Succeed' } } },
      /JSONata/,
    ],
    [
      'a direct Lambda ARN resource',
      {
        StartAt: 'S',
        States: {
          S: task({ Resource: 'arn:aws:lambda:us-east-1:000000000000:function:F', Parameters: undefined }),
        },
      },
      /state "S".*Task resource arn:aws:lambda/,
    ],
    [
      'a Task without timeout inside a Map',
      inMap(task({ TimeoutSeconds: undefined })),
      /state "Inner".*without TimeoutSeconds/,
    ],
    ['ItemBatcher', inMap(task(), { ItemBatcher: { MaxItemsPerBatch: 2 } }), /state "Each".*ItemBatcher/],
    [
      'ResultWriter',
      inMap(task(), {
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'p' } },
      }),
      /state "Each".*ResultWriter/,
    ],
    [
      'ToleratedFailureCount',
      inMap(task(), { ToleratedFailureCount: 1 }),
      /state "Each".*ToleratedFailureCount/,
    ],
    [
      'ToleratedFailurePercentage',
      inMap(task(), { ToleratedFailurePercentage: 5 }),
      /state "Each".*ToleratedFailurePercentage/,
    ],
    [
      'an unsupported Task inside a Parallel branch',
      {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'B', States: { B: task({ Resource: 'arn:aws:states:::sqs:sendMessage' }) } },
            ],
            End: true,
          },
        },
      },
      /state "B".*sqs:sendMessage/,
    ],
  ])('refuses %s', (_name, definition, message) => {
    expect(() => assertSupported('M', clean(definition))).toThrow(message);
  });

  it('accepts .waitForTaskToken and the largest timeout setTimeout can hold', () => {
    const definition = {
      TimeoutSeconds: 2_147_483,
      StartAt: 'S',
      States: {
        S: task({
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: {
            FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:F',
            Payload: { 'token.$': '$$.Task.Token' },
          },
          TimeoutSeconds: 2_147_483,
        }),
      },
    };
    expect(() => assertSupported('M', definition)).not.toThrow();
  });

  it('lists Tasks inside Map iterators (legacy Iterator too) and Parallel branches', () => {
    const definition = {
      StartAt: 'Each',
      States: {
        Each: { Type: 'Map', Iterator: { StartAt: 'I', States: { I: task() } }, Next: 'Both' },
        Both: { Type: 'Parallel', Branches: [{ StartAt: 'P', States: { P: task() } }], End: true },
      },
    };
    expect(taskStates(definition).map(([name]) => name)).toEqual(['I', 'P']);
  });
});
