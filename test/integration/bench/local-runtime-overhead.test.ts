/** A smoke run of the P6 benchmark (npm run bench -- runtime runs it at 500 executions and 1,000 hires). */
import { expect, it } from 'vitest';
import { localRuntimeOverhead } from '../../../bench/local-runtime-overhead.ts';

it('measures transitions of no-op executions and onboardings with Trello limits off', async () => {
  const r = await localRuntimeOverhead({ executions: 5, hires: 2 });
  expect(r).toMatchObject({ executions: 5, transitionsPerExecution: 20, transitions: 100 });
  expect(r.microsecondsPerTransition).toBeGreaterThan(0);
  expect(r.onboardings).toMatchObject({ hires: 2, succeeded: 2 });
  expect(r.onboardings.trelloCalls).toBeGreaterThan(0);
}, 300_000);
