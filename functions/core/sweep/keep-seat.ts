/**
 * An idle member's answer to an ask-first sweep: "keep my seat". The link is the credential (it
 * was mailed to them alone); it is checked against the stored hash, honoured until the answer
 * deadline, and recorded in the audit with the member as the actor. Pressing it again is harmless.
 */

import type { Clock } from '../../ports/clock.ts';
import type { AuditEntry } from '../../ports/records/audit-log.ts';
import type { RecordPorts } from '../../ports/records/record-ports.ts';
import { KeepLinkExpiredError, KeepLinkInvalidError } from '../errors.ts';
import { sweepRunId } from '../lifecycle/run-ids.ts';
import { parseKeepToken, secretMatches } from './keep-link.ts';

export async function keepSeat(
  token: string,
  deps: Pick<RecordPorts, 'sweeps' | 'audit'> & { clock: Clock },
): Promise<{ status: 'kept' | 'already-kept'; email: string }> {
  const invalid = new KeepLinkInvalidError(
    'This link is not valid: open the link from your email exactly as it was sent, or ask your IT admin',
  );
  const parsed = parseKeepToken(token);
  if (parsed === null) throw invalid;
  const ask = await deps.sweeps.getKeepAsk(parsed.sweepId, parsed.memberId);
  if (ask === null || !secretMatches(parsed.secret, ask.tokenHash)) throw invalid;
  const { sweepId, memberId } = parsed;
  const row = (await deps.sweeps.getSweepMembers(sweepId, [memberId])).get(memberId);
  if (row?.state === 'kept') return { status: 'already-kept', email: ask.email };

  const now = deps.clock.now();
  const tooLate = (why: string) =>
    new KeepLinkExpiredError(`${why}. If you need Trello, ask your IT admin for a seat.`);
  if (now.getTime() > Date.parse(ask.answerBy))
    throw tooLate(`This link expired at ${new Date(ask.answerBy).toUTCString()}`);
  const moved = await deps.sweeps.setSweepMemberState(
    sweepId,
    memberId,
    { state: 'kept', reason: `asked to keep their seat (${now.toISOString()})` },
    ['candidate'],
  );
  if (!moved) {
    const current = (await deps.sweeps.getSweepMembers(sweepId, [memberId])).get(memberId);
    if (current?.state === 'kept') return { status: 'already-kept', email: ask.email };
    throw tooLate(`This sweep no longer waits for your answer (your seat is ${current?.state ?? 'unknown'})`);
  }
  await deps.sweeps.answerKeepAsk(sweepId, memberId, now.toISOString());
  const runId = sweepRunId(sweepId);
  const entry: Omit<AuditEntry, 'id' | 'result'> = {
    at: now.toISOString(),
    actor: ask.email,
    action: 'keep-seat',
    target: `member:${memberId}`,
    detail: `${ask.email} asked to keep their Trello seat in sweep ${sweepId}`,
    runId,
    employeeId: null,
  };
  const { ref } = await deps.audit.beginAudit(runId, `keep-seat|${memberId}`, entry);
  await deps.audit.completeAudit(ref, 'succeeded', entry.detail);
  return { status: 'kept', email: ask.email };
}
