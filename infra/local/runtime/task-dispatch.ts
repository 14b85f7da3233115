/**
 * Runs the Task states of a definition the way the `lambda:invoke` integration does, dispatching
 * BY FUNCTION: each invocation reads the processed `FunctionName` parameter and maps it (a local
 * ARN, partial ARN or bare name, optionally qualified) to a function of the {@link FunctionMap}.
 *
 * aws-local-stepfunctions 3.0.0 offers one Task override, `taskResourceLocalHandlers`, keyed by
 * state name, and hands the override only the processed input (no state name, no context). Map
 * iterators and Parallel branches run with the same overrides, and ASL state names are unique
 * across a whole machine, so one handler per Task state (found by walking the definition,
 * iterators and branches included) covers every Task. The state name is plumbing only: every
 * handler dispatches on the `FunctionName` it receives, never on its key.
 *
 * `.waitForTaskToken`: the library has no `$$.Task.Token`, so {@link executionContext} injects a
 * getter that issues a fresh token per read; the handler finds that token in the payload,
 * registers it in {@link TaskTokens}, invokes the function with the payload, and answers with the
 * SendTaskSuccess output (or fails with the SendTaskFailure error). The library's own Task timer
 * fails the state with `States.Timeout` at TimeoutSeconds; the token expires at the same moment.
 */
import { randomUUID } from 'node:crypto';
import type { RunOptions } from 'aws-local-stepfunctions';
import { LOCAL } from '../template/read-template.ts';
import { SUPPORTED_TASK_RESOURCES, taskStates } from './asl-support.ts';
import type { ExecutionHistory } from './execution-history.ts';
import type { LambdaHost } from './lambda-host.ts';
import type { TaskTokens } from './task-tokens.ts';

const CALLBACK_RESOURCE = SUPPORTED_TASK_RESOURCES[1];

/** The library's override map (state name → local handler). */
export type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type TaskHandler = TaskHandlers[string];
type JsonValue = Parameters<TaskHandler>[0];

/** Thrown into a Task that would run after its execution ended (stopped, failed elsewhere, closed). */
export class ExecutionEndedError extends Error {
  override name = 'Lanyard.ExecutionEnded';
}

/** Step Functions' payload quota: a state's input or output, 256 KiB as UTF-8. */
export const MAX_STATE_DATA_BYTES = 262_144;

/**
 * `States.DataLimitExceeded`: "a terminal error that can't be caught by the States.ALL error type"
 * (Step Functions developer guide, "Error names"). aws-local-stepfunctions reads `isRetryable` /
 * `isCatchable` off a thrown error, so no Retry or Catch takes it, here as on AWS; asl-support.ts
 * refuses a definition that names it explicitly (which AWS would honour and the library cannot).
 */
export class DataLimitExceededError extends Error {
  override readonly name = 'States.DataLimitExceeded';
  readonly isRetryable = false;
  readonly isCatchable = false;
}

/**
 * A Task's data within the quota. The result's cause is Step Functions' own ("The state/task
 * 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.",
 * `lambda` being how it names the lambda:invoke integration); the input's is the local runtime's
 * wording (UNVERIFIED against AWS).
 */
function assertStateData(value: unknown, what: 'input' | 'result'): void {
  if (Buffer.byteLength(JSON.stringify(value) ?? 'null') <= MAX_STATE_DATA_BYTES) return;
  throw new DataLimitExceededError(
    what === 'result'
      ? "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit."
      : `The state/task 'lambda' was given an input (its Parameters processed) with a size exceeding the maximum number of bytes service limit (${MAX_STATE_DATA_BYTES}).`,
  );
}

/**
 * The function logical id a `FunctionName` names: `arn:aws:lambda:<region>:<account>:function:<id>[:qualifier]`,
 * `<account>:function:<id>` or `<id>[:qualifier]`.
 */
export function functionLogicalId(functionName: string): string {
  const afterFunction = functionName.includes(':function:')
    ? functionName.split(':function:')[1]
    : functionName;
  return (afterFunction ?? '').split(':')[0] ?? '';
}

/**
 * Refuses, before anything runs, a Task whose function is not in the function map (or is not
 * static, so it cannot be checked), or that asks for an invocation type the dispatcher does not
 * emulate: the error names the machine, the state and the function.
 */
export function assertTasksMapped(
  machineName: string,
  definition: Record<string, unknown>,
  host: LambdaHost,
): void {
  const problems: string[] = [];
  for (const [stateName, state] of taskStates(definition)) {
    const parameters = (state.Parameters ?? {}) as Record<string, unknown>;
    const functionName = parameters.FunctionName;
    if (typeof functionName !== 'string') {
      problems.push(
        `state "${stateName}": FunctionName is ${'FunctionName.$' in parameters ? 'dynamic (FunctionName.$)' : 'missing'}; the local runtime needs a static function`,
      );
      continue;
    }
    const logicalId = functionLogicalId(functionName);
    if (!host.has(logicalId)) {
      problems.push(
        `state "${stateName}": function ${logicalId} (${functionName}) is not in the function map`,
      );
    }
    const invocationType = parameters.InvocationType ?? parameters['InvocationType.$'];
    if (invocationType !== undefined && invocationType !== 'RequestResponse') {
      problems.push(
        `state "${stateName}": InvocationType ${JSON.stringify(invocationType)} (only RequestResponse is emulated)`,
      );
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `State machine ${machineName} has Tasks the local runtime cannot run:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

export interface DispatchOptions {
  definition: Record<string, unknown>;
  host: LambdaHost;
  tokens: TaskTokens;
  executionArn: string;
  /** Aborted when the execution ends, is stopped, or the runtime closes: no Lambda runs after it. */
  signal: AbortSignal;
  /** Receives each Task attempt for the execution's history. */
  history?: ExecutionHistory;
}

/** `taskResourceLocalHandlers` for every Task of the definition, incl. inside Map and Parallel. */
export function taskHandlers(options: DispatchOptions): TaskHandlers {
  const handlers: TaskHandlers = {};
  for (const [stateName, state] of taskStates(options.definition)) {
    const task = { stateName, timeoutSeconds: Number(state.TimeoutSeconds) };
    handlers[stateName] =
      state.Resource === CALLBACK_RESOURCE
        ? callbackHandler(options, task)
        : requestResponseHandler(options, task);
  }
  return handlers;
}

interface InvokeParameters {
  FunctionName: string;
  Payload?: unknown;
}

interface TaskInfo {
  stateName: string;
  timeoutSeconds: number;
}

function invokeParameters(stateName: string, input: unknown): InvokeParameters {
  const parameters = input as Partial<InvokeParameters> | null;
  if (typeof parameters?.FunctionName !== 'string') {
    throw new Error(`State "${stateName}": the lambda:invoke parameters carry no FunctionName`);
  }
  return { FunctionName: parameters.FunctionName, Payload: parameters.Payload };
}

/**
 * The `lambda:invoke` integration's response (payloadResponseOnly: false), the fields AWS returns,
 * so `$.Payload` selectors, and states that keep the whole response, see what they see on AWS.
 */
export function invokeResponse(payload: unknown, requestId: string) {
  const date = new Date().toUTCString();
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload ?? null,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'Content-Type': ['application/json'],
        Date: [date],
        'X-Amz-Executed-Version': ['$LATEST'],
        'x-amzn-RequestId': [requestId],
      },
      HttpHeaders: {
        'Content-Type': 'application/json',
        Date: date,
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-RequestId': requestId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

function requestResponseHandler(options: DispatchOptions, task: TaskInfo): TaskHandler {
  const { host, signal, history } = options;
  return async (input) => {
    if (signal.aborted) throw new ExecutionEndedError(`${options.executionArn} has ended`);
    const { FunctionName, Payload } = invokeParameters(task.stateName, input);
    assertStateData(input, 'input');
    const attempt = history?.taskScheduled({
      stateName: task.stateName,
      resource: 'invoke',
      parameters: input,
      timeoutSeconds: task.timeoutSeconds,
    });
    const requestId = randomUUID();
    const result = await host.invoke(functionLogicalId(FunctionName), Payload ?? {}, { requestId });
    const response = invokeResponse(result, requestId);
    assertStateData(response, 'result');
    if (attempt) Object.assign(attempt, { succeededAt: Date.now(), output: response });
    return response as unknown as JsonValue;
  };
}

function callbackHandler(options: DispatchOptions, task: TaskInfo): TaskHandler {
  const { host, tokens, executionArn, signal, history } = options;
  return async (input) => {
    if (signal.aborted) throw new ExecutionEndedError(`${executionArn} has ended`);
    const { FunctionName, Payload } = invokeParameters(task.stateName, input);
    assertStateData(input, 'input');
    const token = findToken(Payload, tokens);
    if (!token) {
      throw new Error(
        `State "${task.stateName}" waits for a task token but its payload carries none (put "$$.Task.Token" in the payload)`,
      );
    }
    const attempt = history?.taskScheduled({
      stateName: task.stateName,
      resource: 'invoke.waitForTaskToken',
      parameters: input,
      timeoutSeconds: task.timeoutSeconds,
    });
    // Register before invoking: the function may answer its own token at once.
    const answer = tokens.register(token, executionArn, task.stateName);
    // The library fails the state with States.Timeout at TimeoutSeconds; expire the token with it
    // so a late SendTaskSuccess is TaskDoesNotExist, as on AWS.
    const expiry = setTimeout(() => tokens.expire(token), task.timeoutSeconds * 1000);
    expiry.unref();
    answer.then(
      () => clearTimeout(expiry),
      () => clearTimeout(expiry),
    );
    try {
      const requestId = randomUUID();
      const result = await host.invoke(functionLogicalId(FunctionName), Payload ?? {}, { requestId });
      if (attempt)
        Object.assign(attempt, {
          submittedAt: Date.now(),
          submittedOutput: invokeResponse(result, requestId),
        });
    } catch (error) {
      // The invocation failed, so no one will answer: the state fails with the Lambda error.
      tokens.expire(token, error as Error);
      throw error;
    }
    const output = await answer;
    assertStateData(output, 'result');
    if (attempt) Object.assign(attempt, { succeededAt: Date.now(), output });
    return output as JsonValue;
  };
}

/** The token issued into the payload (at any depth and under any key, as CDK allows). */
function findToken(payload: unknown, tokens: TaskTokens): string | undefined {
  if (typeof payload === 'string') return tokens.claim(payload) ? payload : undefined;
  if (payload && typeof payload === 'object') {
    for (const value of Object.values(payload)) {
      const found = findToken(value, tokens);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The `context` run option: `$$.Execution.*`, `$$.StateMachine.*` and a `$$.Task.Token` getter
 * (a fresh token per read, as each Task entry gets its own token on AWS). The library copies the
 * top level of this object once per run, which keeps the `Task` object, and so the getter, live.
 */
export function executionContext(
  execution: { executionArn: string; name: string; startDate: number; input: string },
  stateMachine: { arn: string; name: string },
  tokens: TaskTokens,
): NonNullable<RunOptions['context']> {
  return {
    Execution: {
      Id: execution.executionArn,
      Name: execution.name,
      StartTime: new Date(execution.startDate).toISOString(),
      Input: JSON.parse(execution.input) as JsonValue,
      RoleArn: `arn:aws:iam::${LOCAL.account}:role/local-runtime`,
    },
    StateMachine: { Id: stateMachine.arn, Name: stateMachine.name },
    Task: {
      get Token() {
        return tokens.issue();
      },
    },
  };
}
