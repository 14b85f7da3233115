import { describe, expect, it } from 'vitest';
import {
  type Clock,
  ScheduleRunner,
  type ScheduleTargets,
} from '../../../infra/local/runtime/schedule-runner.ts';
import type { LocalSchedule } from '../../../infra/local/template/read-schedules.ts';

const SWEEP_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:Lanyard-Sweep';
const START = Date.parse('2026-11-22T10:00:30Z');

/** A clock the test moves by hand: timers fire in due order as `advance` passes them. */
class ManualClock implements Clock {
  private timers: Array<{ due: number; callback: () => void }> = [];
  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, delayMs: number) {
    const timer = { due: this.time + delayMs, callback };
    this.timers.push(timer);
    return {
      cancel: () => {
        this.timers = this.timers.filter((t) => t !== timer);
      },
    };
  }

  pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.due;
      due.callback();
      await new Promise((resolve) => setImmediate(resolve)); // let the firing's promises settle
    }
    this.time = end;
  }
}

function schedule(overrides: Partial<LocalSchedule> = {}): LocalSchedule {
  return {
    logicalId: 'SweepSchedule4BAA666F',
    name: 'SweepSchedule4BAA666F',
    groupName: 'default',
    arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/SweepSchedule4BAA666F',
    expression: 'rate(1 minute)',
    timezone: 'UTC',
    enabled: true,
    flexibleWindowMinutes: null,
    target: { kind: 'stateMachine', arn: SWEEP_ARN },
    input: '{"mode":"report","requestedBy":"schedule"}',
    retry: { maximumRetryAttempts: 3, maximumEventAgeSeconds: 86_400 },
    ...overrides,
  };
}

/** Records what the schedules started and invoked; `failures` makes the next calls throw. */
function recordingTargets() {
  const started: Array<{ arn: string; name: string; input: string }> = [];
  const invoked: Array<{ logicalId: string; event: unknown }> = [];
  let failures = 0;
  const targets: ScheduleTargets = {
    startExecution(arn, name, input) {
      if (failures > 0) {
        failures -= 1;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      }
      started.push({ arn, name, input });
      return { executionArn: `${arn.replace(':stateMachine:', ':execution:')}:${name}` };
    },
    async invoke(logicalId, event) {
      invoked.push({ logicalId, event });
      return { ok: true };
    },
    hasStateMachine: (arn) => arn === SWEEP_ARN,
    hasFunction: (logicalId) => logicalId === 'ReportFn',
  };
  const failNext = (n: number) => {
    failures = n;
  };
  return { targets, started, invoked, failNext };
}

describe('schedule runner', () => {
  it('fires a rate schedule when it starts and then every minute, each under a new execution name', async () => {
    const clock = new ManualClock(START);
    const { targets, started } = recordingTargets();
    const lines: string[] = [];
    const runner = new ScheduleRunner([schedule()], { clock, onLog: (l) => lines.push(l) });

    runner.start(targets);
    await clock.advance(0);
    expect(started).toHaveLength(1);
    expect(runner.list()[0]?.nextFiring).toBe('2026-11-22T10:01:30.000Z');
    await clock.advance(59_999);
    expect(started).toHaveLength(1);
    await clock.advance(1 + 60_000);

    expect(started.map((s) => s.arn)).toEqual([SWEEP_ARN, SWEEP_ARN, SWEEP_ARN]);
    expect(started.map((s) => s.input)).toEqual(Array(3).fill('{"mode":"report","requestedBy":"schedule"}'));
    expect(new Set(started.map((s) => s.name)).size).toBe(3);
    for (const { name } of started) expect(name).toMatch(/^SweepSchedule4BAA666F-[0-9a-f]{16}$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^schedule SweepSchedule4BAA666F fired for 2026-11-22T10:01:30Z: started arn:/);
    runner.close();
  });

  it('fills in the context keywords and invokes a Lambda target with the parsed input', async () => {
    const clock = new ManualClock(START);
    const { targets, invoked } = recordingTargets();
    const runner = new ScheduleRunner(
      [
        schedule({
          name: 'report',
          expression: 'cron(0 11 * * ? *)',
          target: {
            kind: 'lambda',
            arn: 'arn:aws:lambda:us-east-1:000000000000:function:ReportFn',
            functionLogicalId: 'ReportFn',
          },
          input:
            '{"arn":"<aws.scheduler.schedule-arn>","at":"<aws.scheduler.scheduled-time>","attempt":<aws.scheduler.attempt-number>}',
        }),
      ],
      { clock },
    );

    runner.start(targets);
    await clock.advance(3_600_000);

    expect(invoked).toEqual([
      {
        logicalId: 'ReportFn',
        event: {
          arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/SweepSchedule4BAA666F',
          at: '2026-11-22T11:00:00Z',
          attempt: 1,
        },
      },
    ]);
    runner.close();
  });

  it('retries a failed firing under the retry policy, then gives up and keeps the schedule going', async () => {
    const clock = new ManualClock(START);
    const { targets, started, failNext } = recordingTargets();
    const lines: string[] = [];
    const runner = new ScheduleRunner(
      [schedule({ retry: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60 } })],
      {
        clock,
        retryDelayMs: () => 1000,
        onLog: (l) => lines.push(l),
      },
    );

    failNext(3); // the first attempt and both retries
    runner.start(targets);
    await clock.advance(2000);
    expect(started).toHaveLength(0);
    expect(lines.at(-1)).toMatch(
      /^schedule SweepSchedule4BAA666F firing for 2026-11-22T10:00:30Z failed after 3 attempt\(s\), giving up: ThrottlingException: Rate exceeded$/,
    );

    failNext(1);
    await clock.advance(60_000); // the 10:01:30 firing fails once, then its retry starts the execution
    expect(started).toHaveLength(1);
    expect(lines.filter((l) => l.includes('retrying in 1000 ms'))).toHaveLength(3);
    runner.close();
  });

  it('never fires a disabled schedule, and refuses to fire it by hand', async () => {
    const clock = new ManualClock(START);
    const { targets, started } = recordingTargets();
    const runner = new ScheduleRunner([schedule({ enabled: false })], { clock });

    runner.start(targets);
    await clock.advance(3_600_000);

    expect(started).toHaveLength(0);
    expect(runner.list()[0]).toMatchObject({ state: 'DISABLED', nextFiring: null });
    await expect(runner.fireNow('SweepSchedule4BAA666F')).rejects.toThrow('is DISABLED');
  });

  it('fires by hand outside the expression, and stops firing once closed', async () => {
    const clock = new ManualClock(START);
    const { targets, started } = recordingTargets();
    const runner = new ScheduleRunner([schedule({ expression: 'cron(0 6 ? * MON *)' })], { clock });
    runner.start(targets);

    const firing = await runner.fireNow('SweepSchedule4BAA666F');
    runner.close();
    await clock.advance(7 * 86_400_000);

    expect(firing).toMatchObject({ attempts: 1, scheduledTime: '2026-11-22T10:00:30Z' });
    expect(firing.executionArn).toContain(':execution:Lanyard-Sweep:SweepSchedule4BAA666F-');
    expect(started).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });

  it('refuses to start when a target is not loaded', () => {
    const runner = new ScheduleRunner([
      schedule({ target: { kind: 'stateMachine', arn: `${SWEEP_ARN}-Gone` } }),
    ]);
    expect(() => runner.start(recordingTargets().targets)).toThrow(
      `Schedule SweepSchedule4BAA666F targets ${SWEEP_ARN}-Gone, which is not loaded`,
    );
  });

  it('refuses an unsupported expression when it is constructed, naming the schedule', () => {
    expect(() => new ScheduleRunner([schedule({ expression: 'cron(0 6 * * MON *)' })])).toThrow(
      /^Schedule SweepSchedule4BAA666F \(SweepSchedule4BAA666F\): cron\(0 6 \* \* MON \*\): one of day-of-month/,
    );
  });
});
