import type { Sweeps } from '../../ports/records/sweeps.ts';
import type { SweepMemberState } from '../model/sweep-vocabulary.ts';
import { SweepMemberStates } from '../model/sweep-vocabulary.ts';

/** A sweep's members counted by state, every page read. */
export async function tallyOf(
  sweepId: string,
  deps: { sweeps: Pick<Sweeps, 'listSweepMembers'> },
): Promise<Record<SweepMemberState, number>> {
  const tally = Object.fromEntries(SweepMemberStates.map((state) => [state, 0])) as Record<
    SweepMemberState,
    number
  >;
  let cursor: string | null = null;
  do {
    const page = await deps.sweeps.listSweepMembers(sweepId, { limit: 1000, cursor });
    for (const member of page.items) tally[member.state] += 1;
    cursor = page.nextCursor;
  } while (cursor);
  return tally;
}
