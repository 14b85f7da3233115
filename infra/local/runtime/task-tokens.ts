/**
 * Task tokens of `.waitForTaskToken` steps, as Step Functions hands them out: a token is issued
 * when the state's Parameters read `$$.Task.Token`, registered when the Task starts waiting, and
 * settled once by SendTaskSuccess / SendTaskFailure. A second send, or a send after the Task timed
 * out or its execution ended, is `TaskDoesNotExist`, as on AWS; a malformed token is `InvalidToken`.
 */
import { randomBytes } from 'node:crypto';

export type TaskTokenErrorName = 'TaskDoesNotExist' | 'InvalidToken' | 'InvalidOutput';

export class TaskTokenError extends Error {
  constructor(name: TaskTokenErrorName, message: string) {
    super(message);
    this.name = name;
  }
}

/** What a SendTaskFailure turns into: an error named as the caller said, so Retry/Catch match it. */
export class TaskFailedError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

interface Waiter {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  executionArn: string;
  stateName: string;
  lastHeartbeat: number;
}

/** A token waiting for its answer, for tools and tests. */
export interface PendingTask {
  token: string;
  executionArn: string;
  stateName: string;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{100,1024}$/;

export class TaskTokens {
  private readonly waiting = new Map<string, Waiter>();
  private readonly listeners = new Set<(task: PendingTask) => void>();
  /** Issued by `$$.Task.Token` reads and not yet registered by a Task. */
  private readonly issued = new Set<string>();

  /** A new opaque token (long and URL-safe, like AWS's). */
  issue(): string {
    const token = randomBytes(96).toString('base64url');
    this.issued.add(token);
    return token;
  }

  /** True once for a token {@link issue} handed out: tells a token in a payload from other strings. */
  claim(value: string): boolean {
    return this.issued.delete(value);
  }

  /**
   * Registers a token its Task now waits on. The promise resolves with the SendTaskSuccess output
   * (parsed) and rejects with a {@link TaskFailedError} named as SendTaskFailure said.
   */
  register(token: string, executionArn: string, stateName: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiting.set(token, { resolve, reject, executionArn, stateName, lastHeartbeat: Date.now() });
      for (const listener of this.listeners) listener({ token, executionArn, stateName });
    });
  }

  sendTaskSuccess(token: string, outputJson: string): void {
    this.check(token);
    let output: unknown;
    try {
      output = JSON.parse(outputJson);
    } catch {
      // Checked before the token is used up, so the caller can send a corrected output.
      throw new TaskTokenError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
    }
    this.take(token).resolve(output);
  }

  sendTaskFailure(token: string, error?: string, cause?: string): void {
    this.take(token).reject(new TaskFailedError(error ?? 'States.TaskFailed', cause ?? ''));
  }

  /** Accepted while the token waits; HeartbeatSeconds itself is refused by the support matrix. */
  sendTaskHeartbeat(token: string): void {
    this.check(token).lastHeartbeat = Date.now();
  }

  /** The execution a waiting token belongs to (undefined for a token no Task waits on). */
  executionOf(token: string): string | undefined {
    return this.waiting.get(token)?.executionArn;
  }

  /** Tokens waiting for an answer, optionally of one execution only. */
  pending(executionArn?: string): PendingTask[] {
    return [...this.waiting]
      .filter(([, w]) => !executionArn || w.executionArn === executionArn)
      .map(([token, w]) => ({ token, executionArn: w.executionArn, stateName: w.stateName }));
  }

  /** Calls `listener` for every token registered from now on; returns the unsubscribe function. */
  onRegistered(listener: (task: PendingTask) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Forgets a token whose Task ends without an answer. With a `reason`, its waiting Task fails with
   * it (the invocation failed, or the execution ended: a Task promise left pending would keep the
   * interpreter's own Task timer, up to TimeoutSeconds, and with it the process, alive). Without
   * one, the token is only forgotten: its Task already ended (the interpreter's timer failed it
   * with States.Timeout, which must stay the error Retry/Catch see).
   */
  expire(token: string, reason?: Error): void {
    const waiter = this.waiting.get(token);
    if (!waiter) return;
    this.waiting.delete(token);
    if (reason) waiter.reject(reason);
  }

  /** Forgets the tokens of an execution that ended (stopped, timed out, finished, runtime closed). */
  dropExecution(executionArn: string, reason: Error = new Error(`${executionArn} has ended`)): void {
    for (const [token, waiter] of this.waiting)
      if (waiter.executionArn === executionArn) this.expire(token, reason);
  }

  private check(token: string): Waiter {
    // A well-formed token we no longer know belongs to a Task that ended (or to a runtime that
    // restarted): AWS answers TaskDoesNotExist for those, InvalidToken only for garbage.
    if (!TOKEN_SHAPE.test(token)) throw new TaskTokenError('InvalidToken', 'Invalid Token');
    const waiter = this.waiting.get(token);
    if (!waiter) throw new TaskTokenError('TaskDoesNotExist', 'Task Timed Out or does not exist');
    return waiter;
  }

  private take(token: string): Waiter {
    const waiter = this.check(token);
    this.waiting.delete(token);
    return waiter;
  }
}
