/**
 * Faults on every part of the local stack at once, from one seed: Trello (5xx, 429 bursts,
 * connections held then dropped), the IdP (429 and 5xx as the provider answers them, and dropped
 * connections), DynamoDB
 * (throttling at the endpoint, retried by the SDK) and Lambda (steps that run past their timeout).
 * What test/integration/reliability/workflow-faults.test.ts turns on and off around its runs.
 */

import { SweepStates } from '../../workflows/idle-seat-sweep/sweep-states.ts';
import { OffboardingStates } from '../../workflows/offboarding/offboarding-states.ts';
import { OnboardingStates } from '../../workflows/onboarding/onboarding-states.ts';
import { ReconciliationStates } from '../../workflows/reconciliation/reconciliation-states.ts';
import type { StackHarness } from './local-stack-harness.ts';

/** Every state name of every workflow (nested groups such as the cut loops included). */
export function allStateNames(): string[] {
  const names: string[] = [];
  const walk = (group: Record<string, unknown>) => {
    for (const value of Object.values(group))
      if (typeof value === 'string') names.push(value);
      else if (value && typeof value === 'object') walk(value as Record<string, unknown>);
  };
  for (const group of [OnboardingStates, OffboardingStates, SweepStates, ReconciliationStates]) walk(group);
  return names;
}

/**
 * The local runtime's overrides (milliseconds, by state name) that make every Retry and Wait of
 * every workflow short: a fault test then takes the time of its faults, not of AWS-sized backoff.
 * Names that are not a Wait, or carry no Retry, are ignored by the runtime.
 */
export function shortWaits(ms: number): Record<string, number> {
  return Object.fromEntries(allStateNames().map((name) => [name, ms]));
}

export interface FaultRates {
  /** Share of Trello API requests answered 5xx, 429, or held then dropped (a third each). */
  trello: number;
  /** Share of IdP API requests answered 429, 5xx, or held then dropped (a third each). */
  idp: number;
  /** Share of the functions' DynamoDB requests throttled. */
  dynamodb: number;
  /** Share of Lambda invocations that run past their timeout. */
  lambdaTimeout: number;
}

export const TWENTY_PERCENT: FaultRates = { trello: 0.2, idp: 0.2, dynamodb: 0.2, lambdaTimeout: 0.2 };

/** What was injected, to show a fault test was not vacuous. */
export interface InjectedFaults {
  trello: number;
  idp: number;
  dynamodb: number;
  lambdaTimeouts: { before: number; after: number };
}

/** Turns every fault on, seeded; `stop` turns them off and answers what was injected. */
export async function injectFaults(
  h: StackHarness,
  seed: number,
  rates: FaultRates,
): Promise<{ stop(): Promise<InjectedFaults> }> {
  const { stack } = h;
  const third = rates.trello / 3;
  await h.control('POST', '/faults', {
    seed,
    serverErrorRate: third,
    rateLimitRate: third,
    timeoutRate: third,
    // Dropped after a short hold: the adapter sees the connection fail, as after a timeout,
    // without the test waiting out its 10-second request timeout per fault.
    timeoutMs: 100,
  });
  const idpFaultsBefore = stack.idp?.stats().faults ?? 0;
  stack.idp?.setFaults({ rate: rates.idp, kinds: ['rate-limit', 'server', 'dropped'] });
  await stack.dynamodbThrottling.configure({ seed, rate: rates.dynamodb });
  stack.runtime.host.timeouts.configure({ seed, rate: rates.lambdaTimeout });
  return {
    async stop() {
      stack.runtime.host.timeouts.clear();
      await stack.dynamodbThrottling.clear();
      stack.idp?.setFaults({ rate: 0 });
      const { injected } = await h.control<{ injected: Record<string, number> }>('GET', '/faults');
      await h.control('DELETE', '/faults');
      return {
        trello: Object.entries(injected)
          .filter(([kind]) => kind !== 'latency')
          .reduce((n, [, count]) => n + count, 0),
        idp: (stack.idp?.stats().faults ?? 0) - idpFaultsBefore,
        dynamodb: (await stack.dynamodbThrottling.stats()).refused,
        lambdaTimeouts: stack.runtime.host.timeouts.stats(),
      };
    },
  };
}
