/**
 * Task tokens of `.waitForTaskToken` steps, as Step Functions hands them out: a token is issued
 * when the state's Parameters read `$$.Task.Token`, registered when the Task starts waiting, and
 * settled once by SendTaskSuccess / SendTaskFailure (a second send, or a send after the Task
 * timed out or its execution ended, is `TaskDoesNotExist`, as on AWS).
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

  /** A new opaque token (long and URL-safe, like AWS's). */
  issue(): string {
    return randomBytes(96).toString('base64url');
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
      // Checked before the token is used, so a caller can send a corrected output.
      throw new TaskTokenError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
    }
    this.take(token).resolve(output);
  }

  sendTaskFailure(token: string, error?: string, cause?: string): void {
    this.take(token).reject(new TaskFailedError(error ?? 'States.TaskFailed', cause ?? ''));
  }

  /** Heartbeats are accepted for a waiting token; HeartbeatSeconds itself is refused by the support matrix. */
  sendTaskHeartbeat(token: string): void {
    this.check(token).lastHeartbeat = Date.now();
  }

  /** Tokens waiting for an answer, optionally of one execution. */
  pending(executionArn?: string): PendingTask[] {
    return [...this.waiting]
      .filter(([, w]) => !executionArn || w.executionArn === executionArn)
      .map(([token, w]) => ({ token, executionArn: w.executionArn, stateName: w.stateName }));
  }

  /** Calls `listener` for every token registered from now on; returns the unsubscribe function. */
  onRegistered(listener: (task: PendingTask) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets a token whose Task timed out: a later send is TaskDoesNotExist. */
  expire(token: string): void {
    this.waiting.delete(token);
  }

  /** Forgets the tokens of an execution that ended (stopped, timed out, finished, runtime closed). */
  dropExecution(executionArn: string): void {
    for (const [token, waiter] of this.waiting)
      if (waiter.executionArn === executionArn) this.waiting.delete(token);
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
