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
  /** The rate-limited calls the invocation makes one after another, when it says (CallPlan). */
  plan?: CallPlan;
}

/**
 * A step that makes several rate-limited calls in a row (the Trello cut: lookup, write, read-back)
 * must not spend its time waiting for the first: under a burst a queue of first calls as long as
 * the step's time would leave none for the rest, and every try would end refused after its first
 * call, its lookup wasted. So the first call waits at most a share — half the time divided by the
 * calls — and the queue of first calls stays that short; the later calls may wait for all that is
 * left, and a read-back that no longer fits is the next try's lookup. `taken` counts the slots
 * taken so far (the adapter that takes them counts).
 */
export interface CallPlan {
  calls: number;
  shareMs: number;
  taken: number;
}

const current = new AsyncLocalStorage<InvocationBudget>();

/**
 * Kept back from the Lambda's remaining time so the step can record what it did after its last
 * call (audit entry, run step, cut progress): a tenth of the time, at least two seconds.
 */
export function budgetOf(
  context: Context,
  urgent: boolean,
  plannedCalls = 1,
  now = Date.now(),
): InvocationBudget {
  const remaining = context.getRemainingTimeInMillis();
  const deadline = now + remaining - Math.max(2_000, remaining / 10);
  if (plannedCalls <= 1) return { deadline, urgent };
  return {
    deadline,
    urgent,
    plan: { calls: plannedCalls, shareMs: Math.floor((deadline - now) / (2 * plannedCalls)), taken: 0 },
  };
}

export function withBudget<T>(budget: InvocationBudget | undefined, run: () => Promise<T>): Promise<T> {
  return budget === undefined ? run() : current.run(budget, run);
}

/** The budget of the invocation this code runs in; undefined outside a step (tests, scripts). */
export function currentBudget(): InvocationBudget | undefined {
  return current.getStore();
}
