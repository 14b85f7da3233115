/**
 * Runs a Lambda handler module in this process the way Lambda would: a Lambda-like context, the
 * function's configured timeout, and failures shaped like Lambda's (`Error` = the error's name,
 * `Cause` = `{"errorType","errorMessage","trace"}` as JSON), so Retry/Catch behave as on AWS.
 *
 * Each invocation runs as that function (`runAsFunction`): the AWS SDK calls it makes sign with an
 * identity naming it, which the local endpoints check against its role (functions/composition/aws-clients.ts).
 *
 * Lambda's limits, enforced here as Lambda enforces them:
 * - a response over 6,291,556 bytes (its JSON) fails the invocation with
 *   `Function.ResponseSizeTooLarge`, the error type Lambda's Invoke answers with (FunctionError
 *   `Unhandled`), which the lambda:invoke integration reports as the Task's error;
 * - with a concurrency limit, an invocation beyond it is refused with
 *   `Lambda.TooManyRequestsException` before the handler runs (the name the lambda:invoke
 *   integration gives Lambda's 429 TooManyRequestsException); `throttle` refuses one function's
 *   next invocations the same way, as a starved account would, so a test can prove what a
 *   workflow does when a step cannot run for a long time;
 * - a run past the function's timeout fails with `Sandbox.Timedout`; {@link LambdaHost.timeouts}
 *   makes a share of invocations time out on demand (./lambda-timeouts.ts).
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { runAsFunction } from '../../../functions/composition/aws-clients.ts';
import { lambdaArn } from '../template/read-template.ts';
import { LambdaTimeouts } from './lambda-timeouts.ts';

/** Lambda's synchronous response limit (Invoke's message names it: "… (6291556 bytes)."). */
export const MAX_RESPONSE_BYTES = 6_291_556;
/** The ASL error name of a throttled Lambda invocation. */
export const THROTTLED = 'Lambda.TooManyRequestsException';
const RESPONSE_TOO_LARGE = 'Function.ResponseSizeTooLarge';

export type FunctionMap = Record<
  string,
  {
    /** Absolute path of the handler module. */
    entry: string;
    /** @default 'handler' */
    handlerExport?: string;
    timeoutSeconds: number;
    memoryMB?: number;
  }
>;

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** A Lambda failure as Step Functions sees it: the name is the ASL error, the message the Cause. */
export class LambdaInvocationError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

export interface LambdaHostOptions {
  /** The account's concurrency: invocations running at once beyond it are throttled. Absent: no limit. */
  concurrency?: number;
}

export class LambdaHost {
  private readonly loaded = new Map<string, Promise<Handler>>();
  private running = 0;
  /** Invocations that ran and returned or threw, per function (`invocationsEnded`). */
  private readonly ended = new Map<string, number>();
  /** Invocations still to refuse, per function (`throttle`). */
  private readonly throttled = new Map<string, number>();
  /** Step timeouts on demand (tests; off until configured). */
  readonly timeouts = new LambdaTimeouts();

  constructor(
    private readonly functions: FunctionMap,
    private readonly options: LambdaHostOptions = {},
  ) {
    const { concurrency } = options;
    if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1))
      throw new Error(`The Lambda concurrency must be a whole number of at least 1 (got ${concurrency})`);
  }

  /** Invocations running now (tests wait for 0, with no execution running, to call the stack settled). */
  get inFlight(): number {
    return this.running;
  }

  /**
   * Invocations of the function that ran and returned or threw so far (tests wait on it for work
   * no record shows, such as an asynchronous target deciding to do nothing).
   */
  invocationsEnded(logicalId: string): number {
    return this.ended.get(logicalId) ?? 0;
  }

  has(logicalId: string): boolean {
    return logicalId in this.functions;
  }

  /** The logical ids of the functions it runs. */
  ids(): string[] {
    return Object.keys(this.functions);
  }

  /** Refuses the function's next `invocations` with Lambda.TooManyRequestsException. */
  throttle(logicalId: string, invocations: number): void {
    if (!this.has(logicalId)) throw new Error(`No function ${logicalId} to throttle`);
    this.throttled.set(logicalId, invocations);
  }

  /**
   * Invokes the function's handler once. `requestId` lets the caller put the same id in the
   * `lambda:invoke` response metadata that the handler sees as `context.awsRequestId`.
   */
  async invoke(logicalId: string, event: unknown, options: { requestId?: string } = {}): Promise<unknown> {
    const fn = this.functions[logicalId];
    if (!fn)
      throw new LambdaInvocationError('Lambda.ResourceNotFoundException', `Function not found: ${logicalId}`);
    const handler = await this.load(logicalId, fn.entry, fn.handlerExport ?? 'handler');
    const requestId = options.requestId ?? randomUUID();
    const refusals = this.throttled.get(logicalId) ?? 0;
    if (refusals > 0) this.throttled.set(logicalId, refusals - 1);
    if (refusals > 0 || (this.options.concurrency !== undefined && this.running >= this.options.concurrency))
      throw new LambdaInvocationError(
        THROTTLED,
        `Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: ${randomUUID()}; Proxy: null)`,
      );
    const injectedTimeout = this.timeouts.draw(logicalId);
    this.running += 1;
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const context = lambdaContext(logicalId, fn.memoryMB ?? 512, deadline, requestId);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOut(requestId, fn.timeoutSeconds)), fn.timeoutSeconds * 1000);
    });
    try {
      // In-process, a handler that timed out cannot be frozen as Lambda freezes its sandbox: its
      // promise is abandoned and whatever it still does runs on. Steps are idempotent by design.
      if (injectedTimeout === 'before') throw timedOut(requestId, fn.timeoutSeconds);
      const result = await Promise.race([runAsFunction(logicalId, () => handler(event, context)), timeout]);
      if (injectedTimeout === 'after') throw timedOut(requestId, fn.timeoutSeconds);
      assertResponseSize(result);
      return result;
    } catch (error) {
      if (error instanceof LambdaInvocationError) throw error;
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      throw new LambdaInvocationError(
        name,
        lambdaCause(name, message, error instanceof Error ? error.stack : undefined),
      );
    } finally {
      clearTimeout(timer);
      this.running -= 1;
      this.ended.set(logicalId, this.invocationsEnded(logicalId) + 1);
    }
  }

  private load(logicalId: string, entry: string, exportName: string): Promise<Handler> {
    let handler = this.loaded.get(logicalId);
    if (!handler) {
      handler = import(pathToFileURL(entry).href).then((module: Record<string, unknown>) => {
        const fn = module[exportName];
        if (typeof fn !== 'function')
          throw new Error(`${entry} exports no function "${exportName}" (function ${logicalId})`);
        return fn as Handler;
      });
      this.loaded.set(logicalId, handler);
    }
    return handler;
  }
}

/** A response Lambda could not return: Invoke answers the error below instead of the payload. */
function assertResponseSize(result: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(result) ?? 'null');
  if (bytes <= MAX_RESPONSE_BYTES) return;
  // Lambda's answer carries no trace: the handler itself succeeded.
  throw new LambdaInvocationError(
    RESPONSE_TOO_LARGE,
    JSON.stringify({
      errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
      errorType: RESPONSE_TOO_LARGE,
    }),
  );
}

/**
 * Lambda ends a run past its timeout with the error type Sandbox.Timedout (Lambda's "Troubleshoot
 * invocation issues" page), and the lambda:invoke integration fails the Task with that error type
 * as the ASL error name, so a Retry/Catch on "Sandbox.Timedout" (or States.TaskFailed /
 * States.ALL) matches here as on AWS. The message format follows what Lambda logs ("RequestId: …
 * Error: Task timed out after 1.00 seconds"); UNVERIFIED character for character against a live
 * Step Functions history.
 */
function timedOut(requestId: string, timeoutSeconds: number): LambdaInvocationError {
  return new LambdaInvocationError(
    'Sandbox.Timedout',
    lambdaCause(
      'Sandbox.Timedout',
      `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
    ),
  );
}

function lambdaCause(errorType: string, errorMessage: string, stack?: string): string {
  return JSON.stringify({ errorType, errorMessage, trace: stack ? stack.split('\n') : [] });
}

function lambdaContext(logicalId: string, memoryMB: number, deadline: number, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: logicalId,
    functionVersion: '$LATEST',
    invokedFunctionArn: lambdaArn(logicalId),
    memoryLimitInMB: String(memoryMB),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${logicalId}`,
    logStreamName: `local/${new Date().toISOString().slice(0, 10)}/${randomUUID()}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
