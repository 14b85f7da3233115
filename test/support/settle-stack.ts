/** Waits until the local stack is quiet: what a test does before it counts effects. */
import type { StackHarness } from './local-stack-harness.ts';

/**
 * Resolves once no invocation and no execution is running, three readings in a row; fails after
 * `timeoutMs` naming what still runs. An execution waiting for an admin's decision runs on: a
 * test with decisions pending names those executions with `waitingForAdmin`, read at each look.
 */
export async function settleStack(
  h: StackHarness,
  timeoutMs: number,
  waitingForAdmin: () => Promise<ReadonlySet<string>> = async () => new Set(),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 3) {
    const { executions, stateMachines, host } = h.stack.runtime;
    const ignore = await waitingForAdmin();
    const running = Object.values(stateMachines)
      .flatMap((arn) => executions.list(arn, 'RUNNING'))
      .filter((r) => !ignore.has(r.name));
    quiet = running.length === 0 && host.inFlight === 0 ? quiet + 1 : 0;
    if (Date.now() > deadline)
      throw new Error(
        `The stack did not settle in ${timeoutMs} ms: ${running.map((r) => r.name).join(', ')} still running, ${host.inFlight} invocation(s)`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}
