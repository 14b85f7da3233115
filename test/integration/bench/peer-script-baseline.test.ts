/**
 * A smoke run of the layoff benchmark's baseline (npm run bench -- layoff runs it at 1,000): the
 * peers' script deactivates the people it is given on a fresh simulator, and every request it made
 * is in the timeline the chart draws.
 */
import { expect, it } from 'vitest';
import { peerScriptBaseline } from '../../../bench/peer-script-baseline.ts';
import { startTrelloSimulator } from '../../../infra/local/simulators/trello/trello-server.ts';

it('deactivates the leavers it is given, each request counted in the timeline', async () => {
  const sim = await startTrelloSimulator({ preset: '5k', seed: 1 });
  const emails = sim.state
    .snapshot()
    .members.filter(
      (m) => m.email && sim.state.member(m.id)?.licensed && !sim.state.member(m.id)?.deactivated,
    )
    .slice(0, 5)
    .map((m) => m.email as string);
  await sim.close();
  expect(emails).toHaveLength(5);

  const baseline = await peerScriptBaseline(emails, 0.1);
  expect(baseline).toMatchObject({
    leavers: 5,
    leftWithAccess: 0,
    rateLimited: 0,
    lockouts: 0,
    trelloCalls: 10,
  });
  const counted = baseline.timeline.reduce((sum, s) => sum + s.answered + s.rateLimited, 0);
  expect(counted).toBe(baseline.trelloCalls);
}, 120_000);
