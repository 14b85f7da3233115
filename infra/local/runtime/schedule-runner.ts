/**
 * Fires the template's schedules as EventBridge Scheduler would: each enabled schedule waits for
 * its next firing (./schedule-expression.ts) on a timer that may be months long (./long-timers.ts),
 * fires its target, logs one line, and waits for the next. A disabled schedule never fires. A
 * FLEXIBLE time window fires at its start, one of the times Scheduler may choose within it.
 *
 * Firing a target:
 * - a state machine: StartExecution with the Input, under a name of its own for each firing
 *   (`<schedule name>-<execution id>`; Scheduler's own naming is UNVERIFIED, uniqueness is what
 *   matters, and the schedule's name in front makes scheduled runs easy to find);
 * - a Lambda function: the handler runs with the parsed Input as its event.
 * The Input's context keywords (`<aws.scheduler.schedule-arn>`, `…scheduled-time>`,
 * `…execution-id>`, `…attempt-number>`) are replaced as Scheduler replaces them.
 *
 * A failed firing (StartExecution refused, or the handler threw) is retried under the target's
 * RetryPolicy: up to MaximumRetryAttempts more attempts while the event is younger than
 * MaximumEventAgeInSeconds. Locally the waits between attempts are short, 1 s doubling to at
 * most 60 s, so a retry shows within a development session rather than hours later. Then the
 * firing is logged as given up, and the schedule goes on. One difference from AWS: Scheduler
 * invokes Lambda asynchronously, so there a handler's error meets Lambda's async retries rather
 * than this policy; locally the handler's error is the failed attempt, which keeps one retry story.
 */
import { randomBytes } from 'node:crypto';
import type { LocalSchedule, ScheduleTarget } from '../template/read-schedules.ts';
import { LongTimer } from './long-timers.ts';
import { nextFiring, parseScheduleExpression, type ScheduleExpression } from './schedule-expression.ts';

/** What firing needs from the runtime: the SFN and Lambda calls Scheduler makes. */
export interface ScheduleTargets {
  /** StartExecution; throws as the Step Functions API refuses. */
  startExecution(stateMachineArn: string, name: string, input: string): { executionArn: string };
  invoke(functionLogicalId: string, event: unknown): Promise<unknown>;
  hasStateMachine(arn: string): boolean;
  hasFunction(logicalId: string): boolean;
}

/** The clock and timers the runner uses; tests pass a fake pair. */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): { cancel(): void };
}

export const wallClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    // Unreferenced: a schedule waiting for next month must not keep a finished process alive.
    const timer = new LongTimer(setTimeout, clearTimeout, callback, delayMs).unref();
    return { cancel: () => timer.cancel() };
  },
};

export interface ScheduleRunnerOptions {
  clock?: Clock;
  /** Milliseconds before retry `n` (1-based) of a failed firing. @default 1 s doubling, at most 60 s */
  retryDelayMs?: (retry: number) => number;
  onLog?: (line: string) => void;
}

export interface ScheduleStatus {
  name: string;
  logicalId: string;
  expression: string;
  timezone: string;
  state: 'ENABLED' | 'DISABLED';
  target: ScheduleTarget;
  /** ISO time of the next firing; null when disabled, ended, not started, or closed. */
  nextFiring: string | null;
  firings: number;
}

export interface Firing {
  schedule: string;
  /** ISO time the firing was for (Scheduler's `scheduled-time`). */
  scheduledTime: string;
  executionId: string;
  attempts: number;
  /** The execution started (state machine targets). */
  executionArn?: string;
  /** What the handler returned (Lambda targets). */
  result?: unknown;
}

interface Entry {
  schedule: LocalSchedule;
  expression: ScheduleExpression;
  next: number | null;
  timer?: { cancel(): void };
  firings: number;
}

const defaultRetryDelay = (retry: number) => Math.min(1000 * 2 ** (retry - 1), 60_000);

export class ScheduleRunner {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly sleeps = new Set<{ cancel(): void; wake(): void }>();
  private targets?: ScheduleTargets;
  private closed = false;

  /** Parses every expression now, so an unsupported one refuses before anything runs. */
  constructor(
    schedules: LocalSchedule[],
    private readonly options: ScheduleRunnerOptions = {},
  ) {
    this.clock = options.clock ?? wallClock;
    for (const schedule of schedules) {
      const where = `Schedule ${schedule.name} (${schedule.logicalId})`;
      const expression = parseScheduleExpression(schedule.expression, schedule.timezone, where);
      this.entries.set(schedule.name, { schedule, expression, next: null, firings: 0 });
    }
  }

  /** Checks every target is loaded, then arms the enabled schedules from now. */
  start(targets: ScheduleTargets): void {
    for (const { schedule } of this.entries.values()) {
      const { target } = schedule;
      const loaded =
        target.kind === 'stateMachine'
          ? targets.hasStateMachine(target.arn)
          : targets.hasFunction(target.functionLogicalId);
      if (!loaded) throw new Error(`Schedule ${schedule.name} targets ${target.arn}, which is not loaded`);
    }
    this.targets = targets;
    const activatedAt = this.clock.now();
    for (const entry of this.entries.values()) {
      if (entry.schedule.enabled) this.arm(entry, activatedAt, activatedAt);
    }
  }

  list(): ScheduleStatus[] {
    return [...this.entries.values()].map(({ schedule, next, firings }) => ({
      name: schedule.name,
      logicalId: schedule.logicalId,
      expression: schedule.expression,
      timezone: schedule.timezone,
      state: schedule.enabled ? 'ENABLED' : 'DISABLED',
      target: schedule.target,
      nextFiring: next === null ? null : new Date(next).toISOString(),
      firings,
    }));
  }

  /** Fires a schedule now, outside its expression (tests, tools); a disabled one is refused. */
  fireNow(name: string): Promise<Firing> {
    const entry =
      this.entries.get(name) ?? [...this.entries.values()].find((e) => e.schedule.logicalId === name);
    if (!entry) return Promise.reject(new Error(`No schedule named ${name}`));
    if (!entry.schedule.enabled) return Promise.reject(new Error(`Schedule ${name} is DISABLED`));
    return this.fire(entry, this.clock.now());
  }

  /** Cancels every timer and pending retry; firings in flight give up. */
  close(): void {
    this.closed = true;
    for (const entry of this.entries.values()) {
      entry.timer?.cancel();
      entry.next = null;
    }
    for (const sleep of this.sleeps) {
      sleep.cancel();
      sleep.wake();
    }
    this.sleeps.clear();
  }

  private arm(entry: Entry, fromMs: number, activatedAt: number): void {
    const { schedule } = entry;
    const at = nextFiring(entry.expression, fromMs, {
      activatedAt,
      startDate: schedule.startDate,
      endDate: schedule.endDate,
    });
    entry.next = at;
    if (at === null) {
      this.log(`schedule ${schedule.name}: no firing left (${schedule.expression})`);
      return;
    }
    entry.timer = this.clock.setTimer(
      () => {
        entry.timer = undefined;
        // Errors are logged inside; the schedule goes on whatever this firing does.
        this.fire(entry, at).catch(() => {});
        // From the later of the due time and now: a timer that fired late (a sleeping laptop)
        // does not fire the missed times in a burst, as Scheduler does not either.
        if (!this.closed) this.arm(entry, Math.max(at + 1, this.clock.now()), activatedAt);
      },
      Math.max(0, at - this.clock.now()),
    );
  }

  private async fire(entry: Entry, scheduledMs: number): Promise<Firing> {
    const { schedule } = entry;
    const targets = this.targets;
    if (!targets) throw new Error(`Schedule ${schedule.name}: the runner has not started`);
    entry.firings += 1;
    const scheduledTime = `${new Date(scheduledMs).toISOString().slice(0, 19)}Z`;
    const executionId = randomBytes(8).toString('hex');
    // Schedule names are [0-9a-zA-Z-_.]{1,64}, all allowed in execution names; 63 + 1 + 16 = 80, the limit.
    const executionName = `${schedule.name.slice(0, 63)}-${executionId}`;
    for (let attempt = 1; ; attempt++) {
      const input = withContext(schedule, { scheduledTime, executionId, attempt });
      const base = { schedule: schedule.name, scheduledTime, executionId, attempts: attempt };
      try {
        if (this.closed) throw new Error('the local runtime is closing');
        if (schedule.target.kind === 'stateMachine') {
          const { executionArn } = targets.startExecution(schedule.target.arn, executionName, input);
          this.log(`schedule ${schedule.name} fired for ${scheduledTime}: started ${executionArn}`);
          return { ...base, executionArn };
        }
        const result = await targets.invoke(schedule.target.functionLogicalId, JSON.parse(input));
        this.log(
          `schedule ${schedule.name} fired for ${scheduledTime}: ${schedule.target.functionLogicalId} ran`,
        );
        return { ...base, result };
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        const delay = (this.options.retryDelayMs ?? defaultRetryDelay)(attempt);
        const ageMs = this.clock.now() + delay - scheduledMs;
        if (
          this.closed ||
          attempt > schedule.retry.maximumRetryAttempts ||
          ageMs > schedule.retry.maximumEventAgeSeconds * 1000
        ) {
          this.log(
            `schedule ${schedule.name} firing for ${scheduledTime} failed after ${attempt} attempt(s), giving up: ${message}`,
          );
          throw error;
        }
        this.log(
          `schedule ${schedule.name} firing for ${scheduledTime} failed (attempt ${attempt}): ${message}; retrying in ${delay} ms`,
        );
        await this.sleep(delay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const sleep = {
        cancel: () => timer.cancel(),
        wake: resolve,
      };
      const timer = this.clock.setTimer(() => {
        this.sleeps.delete(sleep);
        resolve();
      }, ms);
      this.sleeps.add(sleep);
    });
  }

  private log(line: string): void {
    this.options.onLog?.(line);
  }
}

/**
 * The Input with Scheduler's context keywords replaced ("Adding context attributes" in the
 * Scheduler guide). The guide gives an execution id per attempted invocation; here one id serves
 * a firing and its retries, so the retries of one firing share its execution name.
 */
function withContext(
  schedule: LocalSchedule,
  context: { scheduledTime: string; executionId: string; attempt: number },
): string {
  return schedule.input
    .replaceAll('<aws.scheduler.schedule-arn>', schedule.arn)
    .replaceAll('<aws.scheduler.scheduled-time>', context.scheduledTime)
    .replaceAll('<aws.scheduler.execution-id>', context.executionId)
    .replaceAll('<aws.scheduler.attempt-number>', String(context.attempt));
}
