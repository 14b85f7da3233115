/**
 * How an adapter that calls a rate-limited provider (Trello, the IdP) asks the shared pacer for a
 * slot inside a step's time budget, the same way for every provider: never waiting past the
 * budget (DESIGN.md "Properties": no step waits for slots past its Task timeout), access cuts
 * ahead of bulk work, and a cut's first call bounded so its later calls still fit.
 */
import type { RateLimit, ReleaseSlot, RequestPacer } from '../../ports/request-pacer.ts';

export interface Budget {
  /** Epoch ms. */
  deadline: number;
  urgent: boolean;
}

/** The least time worth starting an attempt with, before a budget's deadline. */
export const LEAST_ATTEMPT_MS = 1_000;
/** Asked of the pacer on top, so a slot that comes a timer tick late still leaves LEAST_ATTEMPT_MS. */
const WAKE_SLACK_MS = 50;
/**
 * An access cut is a few calls in a row (find the user, change, read back). Its first call may
 * wait this share of the time left at most, so the calls after it still fit when a burst keeps
 * the pacer busy; a first call that cannot go by then gives the try back untouched.
 */
const CUT_START_SHARE = 1 / 4;

/** Too little of the budget is left to start a call: nothing was sent. */
export class BudgetSpentError extends Error {
  constructor() {
    super('too little of the step’s time is left to start a call');
    this.name = 'BudgetSpentError';
  }
}

/**
 * A slot under `limits`. Within a budget: one that leaves the attempt its time before the deadline,
 * urgent when the budget is an access cut, continuing when `started` already holds the budget (its
 * earlier calls went out). Rejects with SlotUnavailableError (the pacer's) or BudgetSpentError,
 * having booked nothing. Without a budget (tests, scripts) it waits as long as the limits make it.
 */
export async function takeWithinBudget(
  pacer: RequestPacer,
  limits: readonly RateLimit[],
  budget: Budget | undefined,
  started: WeakSet<Budget>,
  now: number,
): Promise<ReleaseSlot> {
  if (!budget) return pacer.take(limits);
  if (budget.deadline - now < LEAST_ATTEMPT_MS) throw new BudgetSpentError();
  const latest = budget.deadline - LEAST_ATTEMPT_MS - WAKE_SLACK_MS;
  const continues = started.has(budget);
  const release = await pacer.take(limits, {
    deadline: budget.urgent && !continues ? now + (latest - now) * CUT_START_SHARE : latest,
    urgent: budget.urgent,
    continues,
  });
  started.add(budget);
  return release;
}
