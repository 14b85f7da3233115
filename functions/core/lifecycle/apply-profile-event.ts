/**
 * Apply Profile Event — HR events that change what Lanyard knows about a person without starting
 * a workflow: `employee.updated` (name, email, department, manager; a new department also moves
 * Workspace memberships: move-workspaces.ts), `employee.leave_started` /
 * `leave_ended` (idle-seat sweeps exempt people on leave). Applied in HR order: a stale event is
 * recorded in the person's history and changes nothing else.
 * (`employee.terminated` is also recorded here until the offboarding workflow takes it over.)
 */
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import { ConcurrentUpdateError } from '../errors.ts';
import { isStale } from '../event-ordering.ts';
import { type MoveDeps, moveWorkspaces } from './move-workspaces.ts';

export interface ApplyProfileEventResult {
  applied: boolean;
  reason: string;
}

export async function applyProfileEvent(
  event: LifecycleEventDetail,
  deps: MoveDeps,
): Promise<ApplyProfileEventResult> {
  const { employee } = event;
  await deps.records.recordPersonEvent(employee.id, {
    id: event.id,
    type: event.type,
    effectiveAt: event.effectiveAt,
    occurredAt: event.occurredAt,
    detail: event,
  });
  for (let attempt = 1; ; attempt++) {
    const profile = await deps.records.getProfile(employee.id);
    if (profile?.lastEvent?.id === event.id) return { applied: true, reason: 'Already applied' };
    if (isStale(event, profile?.lastEvent ?? null)) {
      return {
        applied: false,
        reason: `Stale: older in HR order than ${profile?.lastEvent?.id}; recorded only`,
      };
    }
    // A department change moves Workspace memberships first: done again if interrupted (the
    // profile still shows the old department until the move is through).
    const moved = await moveWorkspaces(event, profile, deps);
    const moveNote = moved ? `; Workspaces moved (run ${moved.runId})` : '';
    if (event.dryRun) return { applied: false, reason: `Dry run: recorded only${moveNote}` };
    const onLeave =
      event.type === 'employee.leave_started'
        ? true
        : event.type === 'employee.leave_ended'
          ? false
          : (profile?.onLeave ?? false);
    try {
      await deps.records.putProfile(
        {
          employeeId: employee.id,
          email: employee.email,
          fullName: employee.fullName,
          department: employee.department ?? profile?.department ?? null,
          managerEmail: employee.managerEmail ?? profile?.managerEmail ?? null,
          trelloMemberId: profile?.trelloMemberId ?? null,
          lifecycle: profile?.lifecycle ?? 'not-provisioned',
          onLeave,
          lastEvent: {
            id: event.id,
            type: event.type,
            effectiveAt: event.effectiveAt,
            occurredAt: event.occurredAt,
          },
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
