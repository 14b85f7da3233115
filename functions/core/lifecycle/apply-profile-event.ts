/**
 * Apply Profile Event — HR events that change what Lanyard knows about a person without starting
 * a workflow: `employee.updated` (name, email, department, manager; a new department also moves
 * Workspace memberships: move-workspaces.ts), `employee.leave_started` / `leave_ended` (idle-seat
 * sweeps exempt people on leave; by the leave policy, the IdP sign-in or the Trello seat changes
 * too: apply-leave.ts). Applied in HR order: a stale event is
 * recorded in the person's history and changes nothing else.
 * (`employee.terminated` is also recorded here until the offboarding workflow takes it over.)
 */
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import { ConcurrentUpdateError } from '../errors.ts';
import { appliedBefore, appliedEventOf, departmentAfter, isNewest, isStaleFor } from '../event-ordering.ts';
import { applyLeave, type LeaveDeps, undoLeave } from './apply-leave.ts';
import { type MoveDeps, moveWorkspaces } from './move-workspaces.ts';

export interface ApplyProfileEventResult {
  applied: boolean;
  reason: string;
}

export async function applyProfileEvent(
  event: LifecycleEventDetail,
  deps: MoveDeps<'people' | 'runs' | 'audit'> & LeaveDeps<never>,
): Promise<ApplyProfileEventResult> {
  const { employee } = event;
  const leave = event.type === 'employee.leave_started' || event.type === 'employee.leave_ended';
  await deps.people.recordPersonEvent(employee.id, {
    id: event.id,
    type: event.type,
    effectiveAt: event.effectiveAt,
    occurredAt: event.occurredAt,
    detail: event,
  });
  // Whether this invocation changed Trello or the IdP for a leave (its run succeeded).
  let leaveChanged = false;
  for (let attempt = 1; ; attempt++) {
    const profile = await deps.people.getProfile(employee.id);
    if (profile?.lastEvent?.id === event.id || (leave && profile?.lastLeaveEvent?.id === event.id))
      return { applied: true, reason: 'Already applied' };
    if (isStaleFor(event, profile)) {
      // A newer leave event was applied while this one made its change (the record write below
      // lost the race): it took the change as made already, so undo it to follow the record.
      const undone = leaveChanged ? await undoLeave(event, profile, deps) : null;
      if (undone)
        return {
          applied: false,
          reason: `Stale once applied: a newer event was applied meanwhile; run ${undone.runId} ${undone.failed ? 'failed to undo' : 'undid'} its change`,
        };
      return {
        applied: false,
        reason: `Stale: older in HR order than ${appliedBefore(event.type, profile)?.id}; recorded only`,
      };
    }
    // What the event changes outside the record comes first (a mover's Workspaces, a leave's
    // sign-in or seat): done again if interrupted, since the record changes only after it.
    // Trello refuses to add a deactivated member to a Workspace: on a leave that freed their
    // seat, the record alone takes the new department and the return moves them (apply-leave.ts).
    const seatFreed = profile?.onLeave === true && deps.leavePolicy === 'free-seat';
    const effect =
      (seatFreed ? null : await moveWorkspaces(event, profile, deps)) ??
      (await applyLeave(event, profile, deps));
    if (effect?.failed)
      return { applied: false, reason: `Not applied: run ${effect.runId} failed; the record is as it was` };
    if (effect && leave) leaveChanged = true;
    const moveNote = effect ? `; run ${effect.runId}` : '';
    if (event.dryRun) return { applied: false, reason: `Dry run: recorded only${moveNote}` };
    const onLeave =
      event.type === 'employee.leave_started'
        ? true
        : event.type === 'employee.leave_ended'
          ? false
          : (profile?.onLeave ?? false);
    const applied = appliedEventOf(event);
    // A leave older than an update applied first still starts or ends the leave; the newer
    // update's HR data stays (event-ordering.ts).
    const newest = isNewest(event, profile?.lastEvent);
    try {
      await deps.people.putProfile(
        {
          employeeId: employee.id,
          email: newest ? employee.email : (profile?.email ?? employee.email),
          fullName: newest ? employee.fullName : (profile?.fullName ?? employee.fullName),
          department: departmentAfter(event, profile),
          managerEmail: (newest ? employee.managerEmail : null) ?? profile?.managerEmail ?? null,
          trelloMemberId: profile?.trelloMemberId ?? null,
          lifecycle: profile?.lifecycle ?? 'not-provisioned',
          onLeave,
          lastEvent: newest ? applied : (profile?.lastEvent ?? applied),
          // Unknown (undefined) on a record written before it was kept: left so (event-ordering.ts).
          lastLifecycleEvent: profile === null ? null : profile.lastLifecycleEvent,
          lastLeaveEvent: leave ? applied : (profile?.lastLeaveEvent ?? null),
          currentRunId: profile?.currentRunId ?? null,
          updatedAt: deps.clock.now().toISOString(),
        },
        profile?.version ?? null,
      );
      return { applied: true, reason: `Applied ${event.type}${moveNote}` };
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= 5) throw error;
    }
  }
}
