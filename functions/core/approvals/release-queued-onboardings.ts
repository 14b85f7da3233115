/**
 * The closed seat loop: onboardings that found every seat taken wait on a `seats-exhausted`
 * approval — that is the queue. When seats free up (a sweep reclaimed some, or an admin says
 * seats were bought), Lanyard approves as many waiting requests as there are free seats, in HR
 * order (the hire's `effectiveAt`, then when it was asked), each decision recorded as Lanyard's
 * and audited. The runs then grant the seat exactly as after an admin's approval.
 */
import type { ApprovalRecord } from '../../ports/records/approvals.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import { ApprovalNotPendingError } from '../errors.ts';
import { auditAndDeliver, type DecideApprovalDeps } from './decide-approval.ts';

export interface QueuedOnboarding {
  approval: ApprovalRecord;
  /** When the hire takes effect (HR order); the request time when Lanyard has no profile. */
  effectiveAt: string;
}

/** Waiting seat requests, in HR order. */
export async function queuedOnboardings(
  deps: Pick<DecideApprovalDeps, 'approvals' | 'people'>,
): Promise<QueuedOnboarding[]> {
  const queued: QueuedOnboarding[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.approvals.listApprovals({ status: 'pending', limit: 200, cursor });
    for (const approval of page.items.filter((a) => a.kind === 'seats-exhausted')) {
      const profile = approval.subjectEmployeeId
        ? await deps.people.getProfile(approval.subjectEmployeeId)
        : null;
      queued.push({ approval, effectiveAt: profile?.lastEvent?.effectiveAt ?? approval.createdAt });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return queued.sort(
    (a, b) =>
      a.effectiveAt.localeCompare(b.effectiveAt) || a.approval.createdAt.localeCompare(b.approval.createdAt),
  );
}

export async function releaseQueuedOnboardings(
  why: string,
  deps: Pick<DecideApprovalDeps, 'approvals' | 'people' | 'runs' | 'audit' | 'workflow' | 'clock'> & {
    trello: Pick<TrelloAdmin, 'seats'>;
  },
): Promise<{ released: string[]; stillQueued: number }> {
  const queue = await queuedOnboardings(deps);
  const { available } = await deps.trello.seats();
  const free = available ?? queue.length;
  const released: string[] = [];
  for (const { approval } of queue.slice(0, free)) {
    try {
      const decided = await deps.approvals.decideApproval(approval.id, {
        status: 'approved',
        by: 'lanyard',
        at: deps.clock.now().toISOString(),
        comment: why,
      });
      await auditAndDeliver(decided, 'lanyard:seat-loop', `approved by the seat loop: ${why}`, deps);
      released.push(approval.id);
    } catch (error) {
      if (!(error instanceof ApprovalNotPendingError)) throw error; // an admin decided it meanwhile
    }
  }
  return { released, stillQueued: queue.length - released.length };
}
