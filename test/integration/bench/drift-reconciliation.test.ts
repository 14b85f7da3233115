/**
 * A smoke run of the reconciliation benchmark (npm run bench -- reconcile runs the 100k preset):
 * the 5k preset with Trello's windows scaled to 1 s. The run makes exactly the reads of its floor,
 * no more, cannot beat that floor, and finds what the seed holds — no people records, so every
 * licensed member is unknown, and every deactivated one can still sign in through the IdP — so
 * the figures the benchmark reports are the run's.
 */
import { expect, it } from 'vitest';
import { driftReconciliation } from '../../../bench/drift-reconciliation.ts';

it('reads Trello at its floor and reports the drift of the seed', async () => {
  const r = await driftReconciliation({ preset: '5k', timeScale: 0.1 });
  expect(r).toMatchObject({ status: 'succeeded', rateLimited: 0, lockouts: 0, bound: null });
  expect(r.trelloCalls).toBe(r.floorCalls);
  expect(r.trelloCallsByRoute['GET /1/enterprises/{id}/members/query']).toBe(r.floorCalls - 1);
  expect(r.ratioToFloor).toBeGreaterThanOrEqual(1);
  expect(r.findingsByKind).toEqual({
    'unknown-licensed': r.licensedMembers,
    'deactivated-can-sign-in': r.deactivatedMembers,
  });
  expect(r.idpReads).toBe(r.deactivatedMembers);
  expect(Object.keys(r.phasesMs)).toEqual(['begin', 'read', 'check', 'plan', 'finish']);
  expect(r.historyEvents).toBeLessThan(r.historyLimit);
}, 300_000);
