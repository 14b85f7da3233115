/**
 * Grant Seat: one write, `licensed=true`. No seat left → SeatsExhausted, which the workflow
 * catches to ask an admin for seats.
 */
import type { RunContext } from '../run-context.ts';
import { type ChangeMemberDeps, changeMember } from './change-member.ts';

export function grantSeat(
  run: RunContext,
  memberId: string | null,
  deps: ChangeMemberDeps,
): Promise<{ memberId: string | null }> {
  return changeMember(run, memberId, deps, {
    step: 'grant-seat',
    action: 'grant-seat',
    what: 'grant a license seat',
    apply: (trello, id) => trello.setLicensed(id, true),
  });
}
