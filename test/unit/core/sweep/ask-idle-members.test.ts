/**
 * askIdleMembers (ask-first sweeps): each candidate with an email gets one message with a "keep my
 * seat" link; one without is never reclaimed; a retry asks nobody twice. Records in memory; the
 * mailer records what it sent.
 */
import { describe, expect, it } from 'vitest';
import { systemRandomness } from '../../../../functions/adapters/system/system-randomness.ts';
import { ConfigInvalidError } from '../../../../functions/core/errors.ts';
import { askIdleMembers } from '../../../../functions/core/sweep/ask-idle-members.ts';
import { parseKeepToken } from '../../../../functions/core/sweep/keep-link.ts';
import { RecordingMailer } from '../../../support/fakes/recording-mailer.ts';
import { NOW } from '../../../support/run-builders.ts';
import { aSweep, SWEEP } from '../../../support/sweep-unit-kit.ts';

const ASK_FIRST = { ...SWEEP, mode: 'ask-first' as const, answerBy: '2026-12-08T09:00:00.000Z' };
const CONSOLE = 'https://lanyard.example.com';

async function prepare() {
  const kit = await aSweep();
  const mailer = new RecordingMailer();
  const deps = {
    ...kit.deps,
    mailer,
    randomness: systemRandomness,
    sweepSettings: { ...kit.deps.sweepSettings, consoleUrl: CONSOLE },
  };
  return { ...kit, mailer, deps };
}

describe('askIdleMembers', () => {
  it('mails each candidate a single-use keep link valid until the deadline, and records the question sent', async () => {
    // Prepare
    const { records, mailer, deps, listed } = await prepare();
    await listed(1);
    await listed(2, 'exempt');
    // Act
    const result = await askIdleMembers(ASK_FIRST, null, deps);
    // Assess
    expect(result).toEqual({ cursor: null, done: true, asked: 1 });
    expect(mailer.sent).toEqual([
      expect.objectContaining({ to: 'idle1@example.com', subject: 'Do you still need your Trello seat?' }),
    ]);
    const link = mailer.sent[0]?.text.match(/https:\/\/lanyard\.example\.com\/console\/keep\.html#(\S+)/);
    const token = link?.[1] ?? '';
    expect(parseKeepToken(token)).toMatchObject({ sweepId: SWEEP.sweepId, memberId: 'm1' });
    expect(mailer.sent[0]?.text).toContain('Tue, 08 Dec 2026 09:00:00 GMT');
    expect(await records.sweeps.getKeepAsk(SWEEP.sweepId, 'm1')).toMatchObject({
      sentAt: NOW,
      answeredAt: null,
      answerBy: ASK_FIRST.answerBy,
    });
    expect((await records.sweeps.getSweep(SWEEP.sweepId))?.status).toBe('awaiting-answers');
  });

  it('asks nobody twice when the step runs again', async () => {
    // Prepare
    const { mailer, deps, listed } = await prepare();
    await listed(1);
    await askIdleMembers(ASK_FIRST, null, deps);
    // Act
    const again = await askIdleMembers(ASK_FIRST, null, deps);
    // Assess
    expect(again.asked).toBe(0);
    expect(mailer.sent).toHaveLength(1);
  });

  it('keeps the seat of a candidate it cannot write to: an ask-first sweep reclaims only from people it asked', async () => {
    // Prepare
    const { mailer, deps, listed, rowOf } = await prepare();
    await listed(1, 'candidate', null);
    // Act
    await askIdleMembers(ASK_FIRST, null, deps);
    // Assess
    expect(mailer.sent).toEqual([]);
    expect(await rowOf(1)).toMatchObject({
      state: 'skipped',
      reason: expect.stringMatching(/^Trello shows no email/),
    });
  });

  it.each([
    ['without a mail sender', { mailer: null }],
    ['without the console URL', { consoleUrl: null }],
  ])('rejects an ask-first sweep %s, mailing nobody', async (_case, missing) => {
    // Prepare
    const { mailer, deps, listed } = await prepare();
    await listed(1);
    const broken = {
      ...deps,
      ...('mailer' in missing
        ? { mailer: null }
        : { sweepSettings: { ...deps.sweepSettings, consoleUrl: null } }),
    };
    // Act
    const asked = askIdleMembers(ASK_FIRST, null, broken);
    // Assess
    await expect(asked).rejects.toBeInstanceOf(ConfigInvalidError);
    expect(mailer.sent).toEqual([]);
  });
});
