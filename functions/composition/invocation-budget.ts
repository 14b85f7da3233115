/**
 * The time budget of the step invocation running now, for adapters that wait (the Trello pacer):
 * they must never wait or send past it. A Lambda past its timeout is killed mid-change and its
 * Task fails; a step that stops waiting in time throws a named retryable error instead, and the
 * state machine comes back to it. Kept per invocation in AsyncLocalStorage: the local runtime runs
 * many invocations in one process at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';

export interface InvocationBudget {
  /** Epoch ms: the last moment a call may still be answered. */
  deadline: number;
  /** The invocation cuts someone's access: its calls go first under contention. */
  urgent: boolean;
}

const current = new AsyncLocalStorage<InvocationBudget>();

/**
 * Kept back from the Lambda's remaining time so the step can record what it did after its last
 * call (audit entry, run step, cut progress): a tenth of the time, at least two seconds.
 */
export function budgetOf(context: Context, urgent: boolean, now = Date.now()): InvocationBudget {
  const remaining = context.getRemainingTimeInMillis();
  return { deadline: now + remaining - Math.max(2_000, remaining / 10), urgent };
}

export function withBudget<T>(budget: InvocationBudget | undefined, run: () => Promise<T>): Promise<T> {
  return budget === undefined ? run() : current.run(budget, run);
}

/** The budget of the invocation this code runs in; undefined outside a step (tests, scripts). */
export function currentBudget(): InvocationBudget | undefined {
  return current.getStore();
}
