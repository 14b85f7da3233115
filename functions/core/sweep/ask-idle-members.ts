/**
 * Ask Idle Members (ask-first sweeps; a batch of candidates per call, looping on the record
 * cursor): each idle member gets a message with a single-use "keep my seat" link that works until
 * the sweep's answer deadline. Those who answer in time are kept; silence means the seat is
 * reclaimed after the deadline. Someone Lanyard cannot write to (Trello hides their email) is
 * never reclaimed by an ask-first sweep: it only takes seats from people it asked.
 *
 * At most one message per member and sweep: the question is recorded before it is sent and marked
 * sent after; a retry skips what was sent, and re-asks (with a new link) only what may not have.
 */
import type { Randomness } from '../../ports/randomness.ts';
import type { SweepMember } from '../../ports/records/sweeps.ts';
import { ConfigInvalidError } from '../errors.ts';
import { keepLinkUrl, newKeepToken } from './keep-link.ts';
import type { SweepContext, SweepDeps } from './sweep-deps.ts';

/** Members asked per call: a few records and one message each, well inside the Lambda timeout. */
export const ASK_BATCH = 50;

export async function askIdleMembers(
  sweep: SweepContext,
  cursor: string | null,
  deps: SweepDeps<'sweeps'> & { randomness: Randomness },
): Promise<{ cursor: string | null; done: boolean; asked: number }> {
  const { mailer } = deps;
  const consoleUrl = deps.sweepSettings.consoleUrl;
  if (mailer === null || consoleUrl === null || sweep.answerBy === null) {
    throw new ConfigInvalidError(
      'An ask-first sweep needs a mail sender (LANYARD_MAIL_FROM) and the console URL (LANYARD_CONSOLE_URL)',
    );
  }
  if (cursor === null) await deps.sweeps.updateSweep(sweep.sweepId, { status: 'awaiting-answers' });
  const page = await deps.sweeps.listSweepMembers(sweep.sweepId, {
    state: 'candidate',
    limit: ASK_BATCH,
    cursor,
  });
  let asked = 0;
  for (const candidate of page.items) {
    if (!candidate.email) {
      await deps.sweeps.setSweepMemberState(
        sweep.sweepId,
        candidate.memberId,
        {
          state: 'skipped',
          reason:
            'Trello shows no email to ask them, and an ask-first sweep reclaims only from people it asked',
        },
        ['candidate'],
      );
      continue;
    }
    const { token, secretHash } = newKeepToken(sweep.sweepId, candidate.memberId, deps.randomness);
    const recorded = await deps.sweeps.recordKeepAsk(sweep.sweepId, {
      memberId: candidate.memberId,
      email: candidate.email,
      tokenHash: secretHash,
      answerBy: sweep.answerBy,
      sentAt: null,
      answeredAt: null,
    });
    if (!recorded) continue; // already sent (an earlier attempt of this step, or a concurrent one)
    await mailer.send(question(candidate, candidate.email, sweep.answerBy, keepLinkUrl(consoleUrl, token)));
    await deps.sweeps.markKeepAskSent(sweep.sweepId, candidate.memberId, deps.clock.now().toISOString());
    asked += 1;
  }
  return { cursor: page.nextCursor, done: page.nextCursor === null, asked };
}

function question(member: SweepMember, to: string, answerBy: string, link: string) {
  const by = new Date(answerBy).toUTCString();
  const since = member.lastActiveAt ? `since ${member.lastActiveAt.slice(0, 10)}` : 'yet';
  return {
    to,
    subject: 'Do you still need your Trello seat?',
    text: [
      `Hello ${member.fullName},`,
      '',
      `You have not used Trello ${since}. Your company pays for a Trello Enterprise seat for you, and it will be freed after ${by} unless you say you still need it.`,
      '',
      `To keep your seat, open this link and press "Keep my seat" before then:`,
      link,
      '',
      'If you do nothing, your seat goes to someone who needs it: your Trello account is deactivated in the Enterprise, your cards and comments stay where they are, and IT can give you a seat again later.',
      '',
      'This link is for you alone: please do not forward it.',
    ].join('\n'),
  };
}
