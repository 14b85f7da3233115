/**
 * Executions of the template's state machines on aws-local-stepfunctions, with what that library
 * leaves out: Task dispatch by function (the processed `FunctionName`, never the state name), the
 * `lambda:invoke` envelope, `.waitForTaskToken` with `$$.Task.Token`, execution names, history,
 * and durability — executions are recorded in a file under the data dir, and every execution
 * still RUNNING when the runtime stopped is run again from its start when it starts (Lanyard's
 * steps are idempotent, so a re-run converges).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExecutionAbortedError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import type { ResolvedStateMachine } from '../template/resolve-asl.ts';
import { assertSupported, SUPPORTED_TASK_RESOURCES, taskStates } from './asl-support.ts';
import type { LambdaHost } from './lambda-host.ts';
import type { TaskTokens } from './task-tokens.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
}

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  details: Record<string, unknown>;
}

export class RuntimeApiError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface Machine {
  resolved: ResolvedStateMachine;
  runner: StateMachine;
  /** Task state name → the logical id of the function it invokes, and whether it waits for a token. */
  tasks: Map<string, { logicalId: string; callback: boolean }>;
}

interface Live {
  abort: () => void;
  history: HistoryEvent[];
}

export interface ExecutionsOptions {
  machines: ResolvedStateMachine[];
  host: LambdaHost;
  tokens: TaskTokens;
  dataDir: string;
  waitTimeOverrides?: Record<string, number>;
  retryIntervalOverrides?: Record<string, number>;
  onLog?: (line: string) => void;
}

export class Executions {
  private readonly machines = new Map<string, Machine>();
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly live = new Map<string, Live>();
  private readonly histories = new Map<string, HistoryEvent[]>();
  private readonly file: string;
  private closing = false;

  constructor(private readonly options: ExecutionsOptions) {
    for (const resolved of options.machines) {
      assertSupported(`State machine ${resolved.name}`, resolved.asl);
      this.machines.set(resolved.arn, {
        resolved,
        runner: new StateMachine(resolved.asl as never, {
          validationOptions: { checkArn: true, checkPaths: true },
        }),
        tasks: this.mapTasks(resolved),
      });
    }
    mkdirSync(options.dataDir, { recursive: true });
    this.file = path.join(options.dataDir, 'executions.json');
    if (existsSync(this.file)) {
      for (const record of JSON.parse(readFileSync(this.file, 'utf8')) as ExecutionRecord[]) {
        this.records.set(record.executionArn, record);
      }
    }
  }

  /** Runs again, from their start, the executions that were RUNNING when the runtime last stopped. */
  resumeInFlight(): number {
    const inFlight = [...this.records.values()].filter((r) => r.status === 'RUNNING');
    for (const record of inFlight) this.run(record);
    return inFlight.length;
  }

  start(stateMachineArn: string, name: string | undefined, input: string): ExecutionRecord {
    const machine = this.machines.get(stateMachineArn);
    if (!machine)
      throw new RuntimeApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    const executionName = name ?? randomUUID();
    if (!/^[A-Za-z0-9_\-.:~]{1,80}$/.test(executionName)) {
      throw new RuntimeApiError('InvalidName', `Invalid Name: '${executionName}'`);
    }
    try {
      JSON.parse(input);
    } catch {
      throw new RuntimeApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not JSON');
    }
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
    const existing = this.records.get(executionArn);
    if (existing) {
      // AWS (STANDARD): the same name with the same input is idempotent while it runs; else refused.
      if (existing.input === input && existing.status === 'RUNNING') return existing;
      throw new RuntimeApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn,
      name: executionName,
      input,
      status: 'RUNNING',
      startDate: Date.now(),
    };
    this.records.set(executionArn, record);
    this.persist();
    this.run(record);
    return record;
  }

  describe(executionArn: string): ExecutionRecord {
    const record = this.records.get(executionArn);
    if (!record)
      throw new RuntimeApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  list(stateMachineArn: string, statusFilter?: ExecutionStatus): ExecutionRecord[] {
    if (!this.machines.has(stateMachineArn)) {
      throw new RuntimeApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    }
    return [...this.records.values()]
      .filter((r) => r.stateMachineArn === stateMachineArn && (!statusFilter || r.status === statusFilter))
      .sort((a, b) => b.startDate - a.startDate);
  }

  stop(executionArn: string, error?: string, cause?: string): ExecutionRecord {
    const record = this.describe(executionArn);
    if (record.status !== 'RUNNING') return record;
    this.finish(record, { status: 'ABORTED', error, cause });
    this.live.get(executionArn)?.abort();
    return record;
  }

  history(executionArn: string): HistoryEvent[] {
    this.describe(executionArn);
    return this.histories.get(executionArn) ?? [];
  }

  stateMachines(): ResolvedStateMachine[] {
    return [...this.machines.values()].map((m) => m.resolved);
  }

  /** Stops running executions without recording an end: they are run again on the next start. */
  close(): void {
    this.closing = true;
    for (const live of this.live.values()) live.abort();
    this.live.clear();
  }

  private mapTasks(resolved: ResolvedStateMachine): Machine['tasks'] {
    const tasks: Machine['tasks'] = new Map();
    for (const [stateName, state] of taskStates(resolved.asl)) {
      const functionName = (state.Parameters as Record<string, unknown> | undefined)?.FunctionName;
      const logicalId =
        typeof functionName === 'string' ? functionName.split(':function:')[1]?.split(':')[0] : undefined;
      if (!logicalId || !this.options.host.has(logicalId)) {
        throw new Error(
          `State machine ${resolved.name}, state "${stateName}": Task invokes ${String(functionName ?? '(no static FunctionName)')}, which maps to no local function`,
        );
      }
      tasks.set(stateName, { logicalId, callback: state.Resource === SUPPORTED_TASK_RESOURCES[1] });
    }
    return tasks;
  }

  private run(record: ExecutionRecord): void {
    const machine = this.machines.get(record.stateMachineArn);
    if (!machine) {
      this.finish(record, {
        status: 'FAILED',
        error: 'States.Runtime',
        cause: 'The state machine no longer exists',
      });
      return;
    }
    const { host, tokens } = this.options;
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, task] of machine.tasks) {
      handlers[stateName] = async (input) => {
        const { Payload } = input as { Payload?: unknown };
        if (!task.callback) {
          const result = await host.invoke(task.logicalId, Payload);
          return { ExecutedVersion: '$LATEST', Payload: result ?? null, StatusCode: 200 };
        }
        const token = (Payload as { taskToken?: unknown } | undefined)?.taskToken;
        if (typeof token !== 'string') {
          throw new Error(
            `State "${stateName}" waits for a task token but its payload carries none (taskToken.$: $$.Task.Token)`,
          );
        }
        // Wait first: the function may answer its own token (a decision it already has) at once.
        const decided = tokens.wait(token, record.executionArn);
        await host.invoke(task.logicalId, Payload);
        return decided;
      };
    }
    const history: HistoryEvent[] = [];
    this.histories.set(record.executionArn, history);
    const execution = machine.runner.run(JSON.parse(record.input), {
      overrides: {
        taskResourceLocalHandlers: handlers as never,
        waitTimeOverrides: this.options.waitTimeOverrides,
        retryIntervalOverrides: this.options.retryIntervalOverrides,
      },
      context: {
        Execution: {
          Id: record.executionArn,
          Name: record.name,
          StartTime: new Date(record.startDate).toISOString(),
          Input: JSON.parse(record.input),
          RoleArn: 'arn:aws:iam::000000000000:role/local',
        },
        StateMachine: { Id: record.stateMachineArn, Name: machine.resolved.name },
        Task: {
          // aws-local-stepfunctions has no $$.Task.Token: a getter hands out a fresh one per read.
          get Token() {
            return tokens.issue();
          },
        },
      } as never,
    });
    this.live.set(record.executionArn, { abort: execution.abort, history });
    void this.collectHistory(execution.eventLogs, history);
    execution.result.then(
      (output) => this.finish(record, { status: 'SUCCEEDED', output: JSON.stringify(output) }),
      (error: unknown) => {
        if (this.closing || record.status !== 'RUNNING') return;
        if (error instanceof ExecutionAbortedError) return this.finish(record, { status: 'ABORTED' });
        if (error instanceof ExecutionTimeoutError) {
          return this.finish(record, {
            status: 'TIMED_OUT',
            error: 'States.Timeout',
            cause: 'The execution ran past its TimeoutSeconds',
          });
        }
        const cause = (error as { cause?: { name?: string; message?: string } }).cause;
        this.finish(record, {
          status: 'FAILED',
          error: cause?.name ?? (error as Error).name,
          cause: cause?.message ?? (error as Error).message,
        });
      },
    );
  }

  private finish(record: ExecutionRecord, end: Partial<ExecutionRecord> & { status: ExecutionStatus }): void {
    if (this.closing || record.status !== 'RUNNING') return;
    Object.assign(record, end, { stopDate: Date.now() });
    this.live.delete(record.executionArn);
    this.options.tokens.dropExecution(record.executionArn);
    this.options.onLog?.(`${record.name}: ${record.status}${record.error ? ` (${record.error})` : ''}`);
    this.persist();
  }

  private async collectHistory(events: AsyncGenerator<unknown>, history: HistoryEvent[]): Promise<void> {
    try {
      for await (const raw of events) {
        const event = raw as {
          type: string;
          timestamp: number;
          state?: { name: string; type: string };
          Error?: string;
          Cause?: unknown;
        };
        const id = history.length + 1;
        history.push({
          id,
          previousEventId: id - 1,
          timestamp: event.timestamp,
          type: historyType(event),
          details: {
            ...(event.state ? { name: event.state.name, stateType: event.state.type } : {}),
            ...(event.Error
              ? {
                  error: event.Error,
                  cause: typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause),
                }
              : {}),
          },
        });
      }
    } catch {
      // The event stream ends with the execution however it ended; nothing to report here.
    }
  }

  private persist(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify([...this.records.values()]));
    renameSync(tmp, this.file);
  }
}

/** The library's event names, in Step Functions' history vocabulary (e.g. TaskStateEntered). */
function historyType(event: { type: string; state?: { type: string } }): string {
  const byType: Record<string, string> = {
    ExecutionStarted: 'ExecutionStarted',
    ExecutionSucceeded: 'ExecutionSucceeded',
    ExecutionFailed: 'ExecutionFailed',
    ExecutionAborted: 'ExecutionAborted',
    ExecutionTimeout: 'ExecutionTimedOut',
    MapIterationStarted: 'MapIterationStarted',
    MapIterationSucceeded: 'MapIterationSucceeded',
    MapIterationFailed: 'MapIterationFailed',
    ParallelBranchStarted: 'ParallelStateStarted',
    ParallelBranchSucceeded: 'ParallelStateSucceeded',
    ParallelBranchFailed: 'ParallelStateFailed',
  };
  if (byType[event.type]) return byType[event.type] as string;
  const stateType = event.state?.type ?? 'Task';
  const suffix = event.type.replace(/^State/, '');
  return `${stateType}State${suffix}`;
}
