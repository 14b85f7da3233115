/** Reactivate Member: a deactivated account must be reactivated before it can hold a seat again. */
import type { RunContext } from '../run-context.ts';
import { type ChangeMemberDeps, changeMember } from './change-member.ts';

export function reactivateMember(
  run: RunContext,
  memberId: string | null,
  deps: ChangeMemberDeps,
): Promise<{ memberId: string | null }> {
  return changeMember(run, memberId, deps, {
    step: 'reactivate-member',
    action: 'reactivate-member',
    what: 'reactivate in the Enterprise',
    apply: (trello, id) => trello.setDeactivated(id, false),
  });
}
