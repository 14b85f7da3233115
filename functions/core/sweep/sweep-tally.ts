import type { RecordStore, SweepMemberState } from '../../ports/record-store.ts';
import { SweepMemberStates } from '../../ports/record-store.ts';

/** A sweep's members counted by state, every page read. */
export async function tallyOf(
  sweepId: string,
  deps: { records: Pick<RecordStore, 'listSweepMembers'> },
): Promise<Record<SweepMemberState, number>> {
  const tally = Object.fromEntries(SweepMemberStates.map((state) => [state, 0])) as Record<
    SweepMemberState,
    number
  >;
  let cursor: string | null = null;
  do {
    const page = await deps.records.listSweepMembers(sweepId, { limit: 1000, cursor });
    for (const member of page.items) tally[member.state] += 1;
    cursor = page.nextCursor;
  } while (cursor);
  return tally;
}
