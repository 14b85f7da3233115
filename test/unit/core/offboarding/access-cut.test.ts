/**
 * The bookkeeping of an access cut: tries counted, admins told once when it is past its SLO, the
 * time to cut measured once however often the ending step runs.
 */
import { describe, expect, it } from 'vitest';
import { recordCutEnded, recordCutFailure } from '../../../../functions/core/offboarding/access-cut.ts';
import { anOffboarding, CUT_CLOCK, LEAVER } from '../../../support/offboarding-kit.ts';

describe('access cut bookkeeping', () => {
  it('counts failed tries and tells admins once, when the cut is first past its SLO', async () => {
    // Prepare
    const { records, clock, notifier, metrics, base } = await anOffboarding();
    // Act
    const first = await recordCutFailure(LEAVER, 'trello', CUT_CLOCK, 'Trello answered 503', base);
    clock.at = '2026-12-01T09:06:00.000Z'; // six minutes after due: past the five-minute SLO
    const second = await recordCutFailure(LEAVER, 'trello', CUT_CLOCK, 'Trello answered 503', base);
    const third = await recordCutFailure(LEAVER, 'trello', CUT_CLOCK, 'Trello answered 429', base);
    // Assess
    expect([first, second, third]).toEqual([1, 2, 3]);
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]?.title).toMatch(/Trello deactivation is past its 5 min time-to-cut SLO/);
    expect(metrics.late).toEqual(['trello']);
    expect((await records.runs.getRun(LEAVER.runId))?.cuts?.trello).toMatchObject({
      state: 'trying',
      attempts: 3,
      lastError: 'Trello answered 429',
      lateNotifiedAt: '2026-12-01T09:06:00.000Z',
    });
  });

  it('keeps the first ending of a cut and measures it once when the step runs again', async () => {
    // Prepare
    const { clock, metrics, base } = await anOffboarding();
    clock.at = '2026-12-01T09:01:00.000Z';
    // Act
    const first = await recordCutEnded(
      LEAVER,
      'idp',
      CUT_CLOCK,
      { state: 'done', detail: 'read back' },
      base,
    );
    clock.at = '2026-12-01T09:30:00.000Z';
    const again = await recordCutEnded(LEAVER, 'idp', CUT_CLOCK, { state: 'refused', detail: 'late' }, base);
    // Assess
    expect(first).toMatchObject({ state: 'done', seconds: 60, endedAt: '2026-12-01T09:01:00.000Z' });
    expect(again).toMatchObject({ state: 'done', seconds: 60, detail: 'read back' });
    expect(metrics.ended).toEqual([{ cut: 'idp', state: 'done', seconds: 60 }]);
  });

  it('tells admins of a cut that ended late, once', async () => {
    // Prepare
    const { notifier, base, clock } = await anOffboarding();
    clock.at = '2026-12-01T09:10:00.000Z';
    // Act
    await recordCutEnded(LEAVER, 'trello', CUT_CLOCK, { state: 'done', detail: 'read back' }, base);
    await recordCutEnded(LEAVER, 'trello', CUT_CLOCK, { state: 'done', detail: 'read back' }, base);
    // Assess
    expect(notifier.sent.map((n) => n.body)).toEqual([expect.stringMatching(/read back after 10 min/)]);
  });
});
