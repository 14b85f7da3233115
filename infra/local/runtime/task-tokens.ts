/**
 * Task tokens of `.waitForTaskToken` steps: issued when a step starts waiting, settled once by
 * SendTaskSuccess / SendTaskFailure (a second send is refused, as on AWS).
 */
import { randomBytes } from 'node:crypto';

export class TaskTokenError extends Error {
  constructor(name: 'TaskDoesNotExist' | 'InvalidToken', message: string) {
    super(message);
    this.name = name;
  }
}

interface Waiter {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  executionArn: string;
}

export class TaskTokens {
  private readonly waiting = new Map<string, Waiter>();

  /** A new opaque token (long, URL-safe, like AWS's). */
  issue(): string {
    return randomBytes(96).toString('base64url');
  }

  /** Resolves with the SendTaskSuccess output, rejects with an error named as SendTaskFailure said. */
  wait(token: string, executionArn: string): Promise<unknown> {
    return new Promise((resolve, reject) => this.waiting.set(token, { resolve, reject, executionArn }));
  }

  succeed(token: string, output: string): void {
    const waiter = this.take(token);
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new TaskTokenError('InvalidToken', 'The output is not valid JSON');
    }
    waiter.resolve(parsed);
  }

  fail(token: string, error: string | undefined, cause: string | undefined): void {
    const failure = new Error(cause ?? '');
    failure.name = error ?? 'States.TaskFailed';
    this.take(token).reject(failure);
  }

  heartbeat(token: string): void {
    this.check(token);
  }

  /** Forgets the tokens of an execution that ended (stopped, timed out, finished). */
  dropExecution(executionArn: string): void {
    for (const [token, waiter] of this.waiting)
      if (waiter.executionArn === executionArn) this.waiting.delete(token);
  }

  private check(token: string): Waiter {
    // A well-formed token we no longer know belongs to an execution that ended (or to a runtime
    // that restarted): AWS answers TaskDoesNotExist for those, InvalidToken only for garbage.
    if (!/^[A-Za-z0-9_-]{100,}$/.test(token)) {
      throw new TaskTokenError('InvalidToken', 'Invalid token');
    }
    const waiter = this.waiting.get(token);
    if (!waiter) throw new TaskTokenError('TaskDoesNotExist', 'Task does not exist anymore');
    return waiter;
  }

  private take(token: string): Waiter {
    const waiter = this.check(token);
    this.waiting.delete(token);
    return waiter;
  }
}
