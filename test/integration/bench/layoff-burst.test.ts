/**
 * A smoke run of the layoff benchmark (npm run bench -- layoff runs 1,000 at Trello's real
 * windows): a few terminations at once on the local stack, paced by the records table's schedule
 * as on AWS. Every leaver is cut in the IdP and in Trello, nobody else is, no run fails, and the
 * seat phase cannot beat its floor — the figures the benchmark reports are the run's.
 */
import { expect, it } from 'vitest';
import { layoffBurst } from '../../../bench/layoff-burst.ts';

it('cuts every leaver with the deployed pacer, and reports a seat phase no faster than its floor', async () => {
  const { result, emails, timeline } = await layoffBurst(12, 0.1, 'dynamodb');
  expect(result).toMatchObject({
    leavers: 12,
    pacer: 'dynamodb',
    failedRuns: 0,
    notCut: 0,
    lockedOutBystanders: 0,
    lockouts: 0,
  });
  expect(emails).toHaveLength(12);
  expect(result.seatPhaseRatioToFloor).toBeGreaterThanOrEqual(1);
  expect(result.callsPerLeaver).toBeGreaterThanOrEqual(3);
  const counted = timeline.reduce((sum, s) => sum + s.answered + s.rateLimited, 0);
  expect(counted).toBe(result.trelloCalls);
}, 300_000);
