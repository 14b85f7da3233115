/**
 * Executions of the template's state machines on aws-local-stepfunctions, with what that library
 * leaves out: execution names and STANDARD idempotency, Task dispatch by function
 * (./task-dispatch.ts), an SFN-style history (./execution-history.ts), and durability.
 *
 * Durability: with a data dir, every execution is recorded in `<dataDir>/executions.jsonl` when it
 * starts and when it ends, and its history in `<dataDir>/history/<id>.json` when it ends. On
 * start, every execution still recorded RUNNING (the runtime was closed or killed while it ran)
 * is run again from its start with the same name and input: Lanyard's workflows are idempotent
 * by design, so a re-run converges. Task tokens issued before the restart are gone
 * (TaskDoesNotExist); the re-run issues new ones. Without a data dir, nothing is kept.
 *
 * Why a JSON file rather than a table in the local DynamoDB server: the runtime then needs no
 * DynamoDB server at all (the stack may point at DynamoDB Local instead of dynalite, or at none),
 * Lanyard's own records never share a store with the emulator's bookkeeping, and a person can
 * read the file. The file is a log: each start and each end appends the execution's record as one
 * line, written before StartExecution answers or the end is told, and the last line of an
 * execution is its state. Appending costs one record, whatever the number of executions kept
 * (rewriting the whole file at each change was quadratic in a burst: a 1,000-termination layoff
 * spent a fifth of the runtime's thread rewriting it). Only a crash in the middle of an append can
 * leave a torn line, always the last one, of a change nobody was told of: it is dropped on open.
 * On open the log is compacted to one line per execution (a temporary file and a rename, atomic
 * on one file system), so it grows with the executions kept, not with their changes.
 *
 * Status changes: as Step Functions sends "Step Functions Execution Status Change" events to the
 * default EventBridge bus for STANDARD executions, every start (RUNNING) and every end (SUCCEEDED,
 * FAILED, TIMED_OUT, ABORTED) is told to the listeners of {@link Executions.onStatusChange}, in the
 * event's shape ({@link executionStatusChange}); the local runtime routes them by the template's
 * rules. A re-run after a restart is the same execution still RUNNING: it tells nothing new.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  ExecutionAbortedError,
  ExecutionTimeoutError,
  type StateMachine as LibraryStateMachine,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import type { ResolvedStateMachine } from '../template/read-template.ts';
import { assertSupported } from './asl-support.ts';
import type { ServiceEvent } from './events-endpoint.ts';
import { ExecutionHistory, type HistoryEvent } from './execution-history.ts';
import type { LambdaHost } from './lambda-host.ts';
import { assertTasksMapped, ExecutionEndedError, executionContext, taskHandlers } from './task-dispatch.ts';
import type { TaskTokens } from './task-tokens.ts';

export type { HistoryEvent };

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** The input as given to StartExecution (a JSON text). */
  input: string;
  status: ExecutionStatus;
  /** Epoch milliseconds. */
  startDate: number;
  stopDate?: number;
  /** The output as a JSON text (SUCCEEDED only). */
  output?: string;
  /** FAILED, and ABORTED when StopExecution gave them; absent on TIMED_OUT, as DescribeExecution on AWS. */
  error?: string;
  cause?: string;
}

/** An API error in AWS's vocabulary: `name` is the `__type` the endpoint answers. */
export class RuntimeApiError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface Machine {
  resolved: ResolvedStateMachine;
  runner: LibraryStateMachine;
}

type Settled = (record: ExecutionRecord) => void;
type StatusListener = (record: ExecutionRecord) => void;

/** The detail-type and source of Step Functions' status-change events (EventBridge events reference). */
const EXECUTION_STATUS_CHANGE = 'Step Functions Execution Status Change';
const STATES_SOURCE = 'aws.states';

/**
 * The event Step Functions sends to the default bus when an execution changes status: the fields
 * of DescribeExecution with dates in epoch milliseconds, `input`/`output` as JSON text and null
 * where they do not apply (output before success, error and cause unless given, stopDate while
 * RUNNING), `resources` naming the execution. Step Functions leaves `input`/`output` out (with
 * `included: false`) when they are too large; locally they always fit. UNVERIFIED: the redrive
 * fields (`redriveCount`, `redriveStatus`…) newer events carry are not emitted; Lanyard reads none.
 */
export function executionStatusChange(record: ExecutionRecord): ServiceEvent {
  return {
    source: STATES_SOURCE,
    detailType: EXECUTION_STATUS_CHANGE,
    resources: [record.executionArn],
    detail: {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: record.startDate,
      stopDate: record.stopDate ?? null,
      input: record.input,
      inputDetails: { included: true },
      output: record.output ?? null,
      outputDetails: record.output === undefined ? null : { included: true },
      error: record.error ?? null,
      cause: record.cause ?? null,
    },
  };
}

export interface ExecutionsOptions {
  machines: ResolvedStateMachine[];
  host: LambdaHost;
  tokens: TaskTokens;
  /** Where executions are kept across restarts; absent = in memory only. */
  dataDir?: string;
  /** Milliseconds instead of the Wait of these states (by state name). Absent: real waits. */
  waitTimeOverrides?: Record<string, number>;
  /** Milliseconds instead of the Retry intervals of these states (by state name). */
  retryIntervalOverrides?: Record<string, number | number[]>;
  onLog?: (line: string) => void;
}

/**
 * StartExecution's name rule: 1–80 characters, none of whitespace, `< > { } [ ]`, `? *`,
 * `" # % \ ^ | ~ \` $ & , ; : /` or control characters (the API reference's list).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
const FORBIDDEN_IN_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;
const validName = (name: string) => name.length >= 1 && name.length <= 80 && !FORBIDDEN_IN_NAME.test(name);

export class Executions {
  private readonly machines = new Map<string, Machine>();
  private readonly records = new Map<string, ExecutionRecord>();
  /** Per running execution: aborts the library's run and tells the dispatcher to invoke nothing more. */
  private readonly aborts = new Map<string, () => void>();
  private readonly histories = new Map<string, ExecutionHistory>();
  private readonly waiters = new Map<string, Settled[]>();
  private readonly statusListeners: StatusListener[] = [];
  private readonly file?: string;
  private readonly historyDir?: string;
  private closing = false;

  constructor(private readonly options: ExecutionsOptions) {
    for (const resolved of options.machines) {
      const label = `${resolved.name} (${resolved.logicalId})`;
      assertSupported(`State machine ${label}`, resolved.asl);
      assertTasksMapped(label, resolved.asl, options.host);
      this.machines.set(resolved.arn, {
        resolved,
        // assertSupported has just validated it with asl-validator (ARNs and paths checked).
        runner: new StateMachine(resolved.asl as unknown as StateMachineDefinition, {
          validationOptions: { noValidate: true },
        }),
      });
    }
    const { dataDir } = options;
    if (!dataDir) return;
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'executions.jsonl');
    this.historyDir = path.join(dataDir, 'history');
    mkdirSync(this.historyDir, { recursive: true });
    // A data dir of an earlier version holds one JSON array, `executions.json`, instead of the log.
    const earlier = path.join(dataDir, 'executions.json');
    const kept =
      existsSync(this.file) || !existsSync(earlier) ? readExecutionLog(this.file) : readJsonArray(earlier);
    for (const record of kept) this.records.set(record.executionArn, record);
    writeAtomically(this.file, kept.map(logLine).join(''));
    rmSync(earlier, { force: true });
  }

  /** Runs again, from their start, the executions recorded RUNNING when the runtime last stopped. */
  resumeInFlight(): ExecutionRecord[] {
    const inFlight = [...this.records.values()].filter((r) => r.status === 'RUNNING');
    for (const record of inFlight) {
      this.options.onLog?.(`${record.name}: running again from its start after a restart`);
      this.run(record);
    }
    return inFlight;
  }

  /**
   * StartExecution. STANDARD idempotency as the API reference states it (StartExecution, `name`):
   * the same name and input as an open (RUNNING) execution returns that execution; a different
   * input, or any input once that execution has closed, is `ExecutionAlreadyExists`.
   */
  start(stateMachineArn: string, name: string | undefined, input = '{}'): ExecutionRecord {
    const machine = this.machine(stateMachineArn);
    const executionName = name ?? randomUUID();
    if (!validName(executionName))
      throw new RuntimeApiError('InvalidName', `Invalid Name: '${executionName}'`);
    try {
      JSON.parse(input);
    } catch {
      throw new RuntimeApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not JSON');
    }
    const executionArn = `${machine.resolved.arn.replace(':stateMachine:', ':execution:')}:${executionName}`;
    const existing = this.records.get(executionArn);
    if (existing) {
      if (existing.input === input && existing.status === 'RUNNING') return existing;
      throw new RuntimeApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.resolved.arn,
      name: executionName,
      input,
      status: 'RUNNING',
      startDate: Date.now(),
    };
    this.records.set(executionArn, record);
    this.persist(record);
    // Told before it runs: a run that ends at once still tells its RUNNING first.
    this.tellStatus(record);
    this.run(record);
    return record;
  }

  /** Tells `listener` each status an execution takes from now on (a copy of its record then). */
  onStatusChange(listener: StatusListener): void {
    this.statusListeners.push(listener);
  }

  describe(executionArn: string): ExecutionRecord {
    const record = this.records.get(executionArn);
    if (!record)
      throw new RuntimeApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  /** Newest first, as ListExecutions answers. */
  list(stateMachineArn: string, statusFilter?: ExecutionStatus): ExecutionRecord[] {
    this.machine(stateMachineArn);
    return [...this.records.values()]
      .filter((r) => r.stateMachineArn === stateMachineArn && (!statusFilter || r.status === statusFilter))
      .sort((a, b) => b.startDate - a.startDate);
  }

  /** StopExecution: records ABORTED and aborts the run (its waits, timers and token waits end). */
  stop(executionArn: string, error?: string, cause?: string): ExecutionRecord {
    const record = this.describe(executionArn);
    if (record.status !== 'RUNNING') return record;
    // finish() aborts the run: its waits end, its token waits are settled, nothing more is invoked.
    this.finish(record, { status: 'ABORTED', error, cause });
    return record;
  }

  history(executionArn: string): HistoryEvent[] {
    this.describe(executionArn);
    const live = this.histories.get(executionArn);
    if (live) return live.events;
    const file = this.historyFile(executionArn);
    return file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as HistoryEvent[]) : [];
  }

  /** Resolves when the execution is no longer RUNNING (at once if it already ended). */
  settled(executionArn: string): Promise<ExecutionRecord> {
    const record = this.describe(executionArn);
    if (record.status !== 'RUNNING') return Promise.resolve(record);
    return new Promise((resolve) => {
      const list = this.waiters.get(executionArn) ?? [];
      list.push(resolve);
      this.waiters.set(executionArn, list);
    });
  }

  stateMachines(): ResolvedStateMachine[] {
    return [...this.machines.values()].map((m) => m.resolved);
  }

  /**
   * Stops running executions without recording an end: they stay RUNNING and run again on the
   * next start. Their waits end, their token waits are settled, and no Lambda starts after this.
   */
  close(): void {
    this.closing = true;
    for (const [executionArn, abort] of this.aborts) {
      abort();
      this.options.tokens.dropExecution(executionArn, new ExecutionEndedError('the local runtime closed'));
    }
    this.aborts.clear();
  }

  private machine(stateMachineArn: string): Machine {
    const machine = this.machines.get(stateMachineArn);
    if (!machine) {
      throw new RuntimeApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    }
    return machine;
  }

  private run(record: ExecutionRecord): void {
    const machine = this.machines.get(record.stateMachineArn);
    if (!machine) {
      this.finish(record, {
        status: 'FAILED',
        error: 'States.Runtime',
        cause: `The state machine ${record.stateMachineArn} is no longer in the template`,
      });
      return;
    }
    const { host, tokens } = this.options;
    const history = new ExecutionHistory(record);
    this.histories.set(record.executionArn, history);
    const controller = new AbortController();
    const execution = machine.runner.run(JSON.parse(record.input), {
      overrides: {
        taskResourceLocalHandlers: taskHandlers({
          definition: machine.resolved.asl,
          host,
          tokens,
          executionArn: record.executionArn,
          signal: controller.signal,
          history,
        }),
        waitTimeOverrides: this.options.waitTimeOverrides,
        retryIntervalOverrides: this.options.retryIntervalOverrides,
      },
      context: executionContext(record, machine.resolved, tokens),
    });
    this.aborts.set(record.executionArn, () => {
      controller.abort();
      execution.abort();
    });
    // The log ends shortly after the result settles; keep the last word of an ended execution.
    void history.collect(execution.eventLogs).then(() => {
      if (record.status !== 'RUNNING') this.saveHistory(record.executionArn);
    });
    execution.result.then(
      (output) => this.finish(record, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) }),
      (error: unknown) => {
        if (error instanceof ExecutionAbortedError) return this.finish(record, { status: 'ABORTED' });
        // AWS's DescribeExecution of a TIMED_OUT execution has no error or cause; the history's
        // ExecutionTimedOut event carries States.Timeout.
        if (error instanceof ExecutionTimeoutError) return this.finish(record, { status: 'TIMED_OUT' });
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
    // Whatever is still running in this execution (a Parallel sibling, a Map iteration, a token
    // wait) ends with it: no Lambda starts after this, and no timer keeps the process alive.
    this.aborts.get(record.executionArn)?.();
    this.aborts.delete(record.executionArn);
    this.options.tokens.dropExecution(
      record.executionArn,
      new ExecutionEndedError(`${record.executionArn} is ${record.status}`),
    );
    this.options.onLog?.(`${record.name}: ${record.status}${record.error ? ` (${record.error})` : ''}`);
    this.persist(record);
    this.saveHistory(record.executionArn);
    this.tellStatus(record);
    for (const resolve of this.waiters.get(record.executionArn) ?? []) resolve(record);
    this.waiters.delete(record.executionArn);
  }

  private tellStatus(record: ExecutionRecord): void {
    for (const listener of this.statusListeners) {
      try {
        listener({ ...record });
      } catch (error) {
        // A listener's failure is the listener's: the execution goes on (EventBridge is best effort).
        this.options.onLog?.(`${record.name}: status ${record.status} not told: ${(error as Error).message}`);
      }
    }
  }

  private historyFile(executionArn: string): string | undefined {
    if (!this.historyDir) return undefined;
    const id = createHash('sha256').update(executionArn).digest('hex').slice(0, 32);
    return path.join(this.historyDir, `${id}.json`);
  }

  private saveHistory(executionArn: string): void {
    const history = this.histories.get(executionArn);
    const file = this.historyFile(executionArn);
    if (history && file) writeAtomically(file, JSON.stringify(history.events));
  }

  private persist(record: ExecutionRecord): void {
    if (this.file) appendFileSync(this.file, logLine(record));
  }
}

const logLine = (record: ExecutionRecord) => `${JSON.stringify(record)}\n`;

/** The log's records, the last line of each execution winning; a torn last line is dropped. */
function readExecutionLog(file: string): ExecutionRecord[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  // Every append ends with a newline: text after the last one is an append a crash cut short.
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  const records = new Map<string, ExecutionRecord>();
  for (const line of complete.split('\n')) {
    if (line === '') continue;
    const record = JSON.parse(line) as ExecutionRecord;
    records.set(record.executionArn, record);
  }
  return [...records.values()];
}

function readJsonArray(file: string): ExecutionRecord[] {
  return JSON.parse(readFileSync(file, 'utf8')) as ExecutionRecord[];
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
