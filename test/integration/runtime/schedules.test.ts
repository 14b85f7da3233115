/**
 * The template's Scheduler schedule on the local stack: with `sweep.schedule` set, the synthesized
 * AWS::Scheduler::Schedule starts the sweep state machine by itself, on the wall clock, with the
 * schedule's input. `rate(1 minute)` without StartDate fires as soon as the stack is up (as
 * Scheduler does once a rate schedule exists), so the real timer path shows within seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../../../infra/local/runtime/executions.ts';
import { type StackHarness, startStackHarness, waitFor } from '../../support/local-stack-harness.ts';

let h: StackHarness;
const lines: string[] = [];
let startedAt = 0;

beforeAll(async () => {
  startedAt = Date.now();
  h = await startStackHarness({
    inMemory: true,
    onLog: (line) => lines.push(line),
    config: {
      sweep: {
        schedule: 'rate(1 minute)',
        mode: 'report',
        inactiveDays: 90,
        graceDays: 30,
        allowList: [],
        askFirst: { from: null, answerDays: 7 },
      },
    },
  });
}, 120_000);
afterAll(() => h?.close());

const schedule = () => {
  const [only] = h.stack.schedules.list();
  if (!only) throw new Error('the template has no schedule');
  return only;
};

/** Sweep executions the schedule started (their names begin with the schedule's). */
const scheduledSweeps = (): ExecutionRecord[] =>
  h.stack.runtime.executions.list(h.stack.sweepArn).filter((e) => e.name.startsWith(`${schedule().name}-`));

describe('schedules on the local stack', () => {
  it('lists the synthesized sweep schedule, targeting the sweep state machine', () => {
    expect(schedule()).toMatchObject({
      expression: 'rate(1 minute)',
      timezone: 'UTC',
      state: 'ENABLED',
      target: { kind: 'stateMachine', arn: h.stack.sweepArn },
    });
  });

  it('starts a sweep on its own when the stack is up, with the schedule input, and plans the next a minute on', async () => {
    const [execution] = await waitFor('a scheduled sweep', async () => {
      const sweeps = scheduledSweeps();
      return sweeps.length > 0 ? sweeps : null;
    });

    expect(JSON.parse(execution?.input ?? '')).toEqual({
      mode: 'report',
      dryRun: false,
      requestedBy: 'schedule',
    });
    expect(execution?.startDate).toBeGreaterThanOrEqual(startedAt);
    const logged = lines.find((l) => l.endsWith(`: started ${execution?.executionArn}`));
    expect(logged).toMatch(
      new RegExp(`^schedule ${schedule().name} fired for \\d{4}-\\d\\d-\\d\\dT[\\d:]{8}Z: `),
    );
    // The next firing is a minute after the one that fired (measured from its scheduled time, which
    // the log gives to the second, not from when the execution got going on a busy machine).
    const firedFor = Date.parse(/fired for (\S+Z):/.exec(logged ?? '')?.[1] ?? '');
    const next = Date.parse(schedule().nextFiring ?? '');
    expect(next - firedFor).toBeGreaterThanOrEqual(60_000);
    expect(next - firedFor).toBeLessThan(61_000);
    const settled = await h.stack.runtime.executions.settled(execution?.executionArn ?? '');
    expect(settled.status).toBe('SUCCEEDED');
    const sweep = await h.records.sweeps.getSweep(execution?.name ?? '');
    expect(sweep).toMatchObject({ mode: 'report', requestedBy: 'schedule' });
  });

  it('fires again on request under a new execution name', async () => {
    const before = scheduledSweeps().map((e) => e.executionArn);

    const firing = await h.stack.schedules.fireNow(schedule().name);

    expect(before).not.toContain(firing.executionArn);
    const settled = await h.stack.runtime.executions.settled(firing.executionArn ?? '');
    expect(settled.status).toBe('SUCCEEDED');
    expect(JSON.parse(settled.input)).toEqual({ mode: 'report', dryRun: false, requestedBy: 'schedule' });
  });
});
