/**
 * Lambda's limits on the whole local stack: under a tiny account concurrency the workflows still
 * complete (every Task retries Lambda.TooManyRequestsException, as the synthesized ASL says), and
 * a function whose environment Lambda would refuse stops the start, naming the function.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../../../infra/local/local-stack.ts';
import {
  hrEvent,
  type StackHarness,
  startOnboarding,
  startStackHarness,
  waitForExecution,
} from '../../support/local-stack-harness.ts';

const root = mkdtempSync(path.join(tmpdir(), 'lanyard-limits-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Lambda concurrency', () => {
  let h: StackHarness | undefined;
  afterAll(() => h?.close());

  it('completes two onboardings started at once with a concurrency of one, throttled Tasks retried', async () => {
    h = await startStackHarness({ inMemory: true, lambdaConcurrency: 1 });
    const stack = h;
    await stack.control('POST', '/enterprise', { maxMembers: 10_000 });
    const people = ['one', 'two'].map((n) => `throttled-${n}-${Date.now()}@example.com`);
    for (const email of people) await stack.control('POST', '/members', { email, fullName: email });
    const arns = await Promise.all(
      people.map((email) => startOnboarding(stack, hrEvent('employee.hired', { email }))),
    );
    const ends = await Promise.all(arns.map((arn) => waitForExecution(stack, arn, undefined, 60_000)));
    expect(ends.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const throttles = await Promise.all(
      arns.map(async (executionArn) => {
        const { events = [] } = await stack.sfn.send(
          new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }),
        );
        return events.filter((e) => e.taskFailedEventDetails?.error === 'Lambda.TooManyRequestsException')
          .length;
      }),
    );
    expect(throttles.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 120_000);
});

describe('Lambda environment limit', () => {
  it('refuses to start a stack with a function over 4 KB, naming it, never printing a value', async () => {
    let fn = '';
    const start = startLocalStack({
      dataDir: path.join(root, 'env'),
      basePort: 0,
      trelloPreset: 'tiny',
      idp: null,
      inMemory: true,
      onLog: () => {},
      config: { seatWatchSchedule: null },
      templateTransform: (template) => {
        const resources = template.Resources as Record<
          string,
          { Type: string; Properties: Record<string, unknown> }
        >;
        fn =
          Object.keys(resources).find(
            (id) => id.startsWith('GrantSeatFn') && resources[id]?.Type === 'AWS::Lambda::Function',
          ) ?? '';
        const env = resources[fn]?.Properties.Environment as { Variables: Record<string, unknown> };
        env.Variables.LANYARD_TOO_MUCH = 'do-not-print-me '.repeat(300);
        return template;
      },
    });
    const error = await start.catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      new RegExp(
        `over its 4096-byte limit[^]*function ${fn}: \\d+ bytes \\(largest: LANYARD_TOO_MUCH \\d+ bytes`,
      ),
    );
    expect((error as Error).message).not.toContain('do-not-print-me');
  }, 60_000);
});
