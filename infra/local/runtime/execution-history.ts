/**
 * An execution's history in Step Functions' GetExecutionHistory vocabulary, built from two
 * sources: aws-local-stepfunctions' event log (states entered/exited/failed, Map iterations, the
 * execution's end) and what the Task dispatcher saw of each Task attempt (the processed
 * parameters, when the Lambda answered, the callback output). The library knows nothing of
 * TaskScheduled / TaskStarted / TaskSubmitted / TaskSucceeded, and the dispatcher knows no state
 * boundaries, so neither alone gives the timeline the console and tools read.
 *
 * The dispatcher records an attempt synchronously when the interpreter calls it, right after the
 * library logs StateEntered (or StateRetried) for that state, and the log is read asynchronously:
 * so when the log shows a Task state being entered or retried, its attempt is already recorded,
 * and TaskScheduled / TaskStarted follow at once. The attempt's end (TaskSubmitted,
 * TaskSucceeded / TaskFailed / TaskTimedOut) comes with the state's StateExited / StateFailed.
 * Attempts of one state are taken first in, first out; concurrent Map iterations of one Task
 * state may swap per-iteration details (the timeline stays right).
 */
import type { StateMachine } from 'aws-local-stepfunctions';
import { LOCAL } from '../template/read-template.ts';

/** The library's event, as its typed event log yields it (the type itself is not exported). */
export type LibraryEvent =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** A history event as GetExecutionHistory answers it (`timestamp` in epoch milliseconds here). */
export type HistoryEvent = {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
} & Record<string, unknown>;

type Entry = { type: string; timestamp: number } & Record<string, unknown>;

/** One Task attempt as the dispatcher saw it; it fills the fields in as the attempt goes on. */
export interface TaskAttempt {
  /** Set by the history: its TaskScheduled/TaskStarted were written, and then its end. */
  begun?: boolean;
  ended?: boolean;
  stateName: string;
  /** `invoke` or `invoke.waitForTaskToken` (the history's `resource`; `resourceType` is `lambda`). */
  resource: string;
  /** The processed Parameters (`{ FunctionName, Payload }`). */
  parameters: unknown;
  timeoutSeconds: number;
  scheduledAt: number;
  /** When the Lambda answered a `.waitForTaskToken` Task (the Task then waits for its token). */
  submittedAt?: number;
  submittedOutput?: unknown;
  succeededAt?: number;
  output?: unknown;
}

const json = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

export class ExecutionHistory {
  readonly events: HistoryEvent[] = [];
  private readonly attempts = new Map<string, TaskAttempt[]>();

  constructor(
    private readonly execution: { error?: string; cause?: string },
    private readonly roleArn = `arn:aws:iam::${LOCAL.account}:role/local-runtime`,
  ) {}

  /** Called by the dispatcher when a Task invokes its function; it fills in the returned attempt. */
  taskScheduled(attempt: Omit<TaskAttempt, 'scheduledAt'>): TaskAttempt {
    const recorded: TaskAttempt = { ...attempt, scheduledAt: Date.now() };
    const list = this.attempts.get(attempt.stateName) ?? [];
    list.push(recorded);
    this.attempts.set(attempt.stateName, list);
    return recorded;
  }

  /** Reads the library's event log until the execution ends, however it ends. */
  async collect(events: AsyncGenerator<LibraryEvent>): Promise<void> {
    try {
      for await (const event of events) for (const entry of this.map(event)) this.push(entry);
    } catch {
      // The event stream ends with the execution.
    }
  }

  private push(entry: Entry): void {
    const id = this.events.length + 1;
    this.events.push({ id, previousEventId: id - 1, ...entry });
  }

  private map(event: LibraryEvent): Entry[] {
    const at = event.timestamp;
    switch (event.type) {
      case 'ExecutionStarted':
        return [
          {
            type: 'ExecutionStarted',
            timestamp: at,
            executionStartedEventDetails: { input: json(event.input), roleArn: this.roleArn },
          },
        ];
      case 'ExecutionSucceeded':
        return [
          ...this.unfinished(),
          {
            type: 'ExecutionSucceeded',
            timestamp: at,
            executionSucceededEventDetails: { output: json(event.output) },
          },
        ];
      case 'ExecutionFailed':
        return [
          ...this.unfinished(),
          {
            type: 'ExecutionFailed',
            timestamp: at,
            executionFailedEventDetails: { error: event.Error, cause: causeText(event.Cause) },
          },
        ];
      case 'ExecutionAborted':
        return [
          ...this.unfinished(),
          {
            type: 'ExecutionAborted',
            timestamp: at,
            executionAbortedEventDetails: { error: this.execution.error, cause: this.execution.cause },
          },
        ];
      case 'ExecutionTimeout':
        return [
          ...this.unfinished(),
          {
            type: 'ExecutionTimedOut',
            timestamp: at,
            executionTimedOutEventDetails: {
              error: 'States.Timeout',
              cause: 'The execution ran longer than the state machine TimeoutSeconds',
            },
          },
        ];
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const kind = event.type.replace('MapIteration', '');
        return [
          {
            type: event.type,
            timestamp: at,
            [`mapIteration${kind}EventDetails`]: { name: event.parentState.name, index: event.index },
          },
        ];
      }
      case 'StateEntered': {
        const entered: Entry = {
          type: `${event.state.type}StateEntered`,
          timestamp: at,
          stateEnteredEventDetails: { name: event.state.name, input: json(event.state.input) },
        };
        return event.state.type === 'Task' ? [entered, ...this.begin(event.state.name)] : [entered];
      }
      case 'StateRetried':
        // The next attempt of the same visit: scheduled again, no new StateEntered (as on AWS).
        return event.state.type === 'Task' ? this.begin(event.state.name) : [];
      case 'StateExited': {
        const exited: Entry = {
          type: `${event.state.type}StateExited`,
          timestamp: at,
          stateExitedEventDetails: { name: event.state.name, output: json(event.state.output) },
        };
        if (event.state.type === 'Map')
          return [{ type: 'MapStateSucceeded', timestamp: at, mapStateSucceededEventDetails: {} }, exited];
        if (event.state.type !== 'Task') return [exited];
        const attempt = this.end(event.state.name);
        if (!attempt) return [exited];
        const succeeded: Entry = {
          type: 'TaskSucceeded',
          timestamp: attempt.succeededAt ?? at,
          taskSucceededEventDetails: {
            resourceType: 'lambda',
            resource: attempt.resource,
            output: json(attempt.output),
          },
        };
        return [...this.submitted(attempt), succeeded, exited];
      }
      case 'StateFailed': {
        if (event.state.type === 'Map')
          return [{ type: 'MapStateFailed', timestamp: at, mapStateFailedEventDetails: {} }];
        if (event.state.type !== 'Task') return [];
        const attempt = this.end(event.state.name);
        const details = {
          resourceType: 'lambda',
          resource: attempt?.resource ?? 'invoke',
          error: event.Error,
          cause: causeText(event.Cause),
        };
        return [
          ...(attempt ? this.submitted(attempt) : []),
          event.Error === 'States.Timeout'
            ? { type: 'TaskTimedOut', timestamp: at, taskTimedOutEventDetails: details }
            : { type: 'TaskFailed', timestamp: at, taskFailedEventDetails: details },
        ];
      }
      default:
        // StateCaught and Parallel branch events have no history event of their own.
        return [];
    }
  }

  /** TaskScheduled and TaskStarted of the state's next attempt (recorded by the time the log is read). */
  private begin(stateName: string): Entry[] {
    const attempt = this.attempts.get(stateName)?.find((a) => !a.begun);
    if (!attempt) return [];
    attempt.begun = true;
    const base = { resourceType: 'lambda', resource: attempt.resource };
    return [
      {
        type: 'TaskScheduled',
        timestamp: attempt.scheduledAt,
        taskScheduledEventDetails: {
          ...base,
          region: LOCAL.region,
          parameters: json(attempt.parameters),
          timeoutInSeconds: attempt.timeoutSeconds,
        },
      },
      { type: 'TaskStarted', timestamp: attempt.scheduledAt, taskStartedEventDetails: base },
    ];
  }

  /** The state's oldest attempt that has begun and not ended; it ends now. */
  private end(stateName: string): TaskAttempt | undefined {
    const list = this.attempts.get(stateName) ?? [];
    const index = list.findIndex((a) => a.begun && !a.ended);
    if (index < 0) return undefined;
    const [attempt] = list.splice(index, 1);
    if (attempt) attempt.ended = true;
    return attempt;
  }

  private submitted(attempt: TaskAttempt): Entry[] {
    if (attempt.submittedAt === undefined) return [];
    return [
      {
        type: 'TaskSubmitted',
        timestamp: attempt.submittedAt,
        taskSubmittedEventDetails: {
          resourceType: 'lambda',
          resource: attempt.resource,
          output: json(attempt.submittedOutput),
        },
      },
    ];
  }

  /** When the execution ends with Tasks still open (stopped while waiting on a token): what they got to. */
  private unfinished(): Entry[] {
    const open = [...this.attempts.values()].flat().filter((a) => a.begun && !a.ended);
    for (const attempt of open) attempt.ended = true;
    return open.flatMap((a) => this.submitted(a));
  }
}

/** The library gives a Cause as text or as the error's cause object; history holds text. */
function causeText(cause: unknown): string | undefined {
  if (cause === undefined || cause === null) return undefined;
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return JSON.stringify(cause);
}
