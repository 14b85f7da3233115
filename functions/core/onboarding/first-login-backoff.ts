/**
 * How long `wait-for-first-login` waits before it looks again: the first poll after the configured
 * interval, then twice as long as the wait before, up to a cap, and never past the deadline. Most
 * hires log in on their first day, when the polls are close together; one who never does costs a
 * few dozen polls over 14 days instead of one an hour (each poll is three billed transitions).
 */
export interface FirstLoginBackoff {
  firstWaitSeconds: number;
  maxWaitSeconds: number;
}

/** The wait after a poll that waited `waitedSeconds`; at least a second, at most until the deadline. */
export function nextFirstLoginWait(
  backoff: FirstLoginBackoff,
  waitedSeconds: number,
  secondsToDeadline: number,
): number {
  const doubled = Math.max(backoff.firstWaitSeconds, waitedSeconds * 2);
  return Math.max(1, Math.min(doubled, backoff.maxWaitSeconds, Math.ceil(secondsToDeadline)));
}

/** How many polls a hire who never logs in costs over `waitSeconds` (the bench's projection). */
export function firstLoginPollsUntil(backoff: FirstLoginBackoff, waitSeconds: number): number {
  let polls = 0;
  let waited = 0;
  for (let wait = backoff.firstWaitSeconds; waited < waitSeconds; polls++) {
    waited += wait;
    wait = nextFirstLoginWait(backoff, wait, waitSeconds - waited);
  }
  return polls;
}
