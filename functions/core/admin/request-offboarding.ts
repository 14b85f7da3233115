/**
 * An admin offboards someone from the API or CLI (a dismissal, a contractor whose HR system does
 * not post): the same `employee.terminated` event HR would send, from the person's record, with
 * who asked and why. It goes through the same door as HR events (de-duplication, HR order).
 * A double click is one request: the event id is derived from the person's record version, which
 * the offboarding run moves on once it claims the person.
 */
import type { HrEvent } from '../../contracts/hr-event.ts';
import { AlreadyOffboardedError, PersonUnknownError } from '../errors.ts';
import { type Acceptance, type AcceptHrEventDeps, acceptHrEvent } from '../ingest/accept-hr-event.ts';
import { offboardingRunId } from '../lifecycle/run-ids.ts';

export interface OffboardingRequest {
  employeeId: string;
  reason: string;
  /** Act now rather than at `effectiveAt`. */
  urgent: boolean;
  /** When access should end; default now. */
  effectiveAt?: string;
  dryRun: boolean;
  /** The authenticated caller. */
  by: string;
}

export async function requestOffboarding(
  request: OffboardingRequest,
  deps: AcceptHrEventDeps,
): Promise<Acceptance & { runId: string }> {
  const profile = await deps.people.getProfile(request.employeeId);
  if (profile === null) {
    throw new PersonUnknownError(
      `Lanyard has no record of employee ${request.employeeId}: offboarding needs their email, so send employee.terminated from the HR system or import it as CSV`,
    );
  }
  if (profile.lifecycle === 'offboarded' && !request.dryRun) {
    throw new AlreadyOffboardedError(
      `${profile.email} (${request.employeeId}) is already offboarded; see GET /admin/people/${request.employeeId}`,
    );
  }
  const now = deps.clock.now().toISOString();
  const event: HrEvent = {
    id: `admin-offboard:${request.employeeId}:${profile.version}${request.dryRun ? ':dry-run' : ''}`,
    type: 'employee.terminated',
    occurredAt: now,
    effectiveAt: request.effectiveAt ?? now,
    urgent: request.urgent,
    employee: {
      id: profile.employeeId,
      email: profile.email,
      fullName: profile.fullName,
      department: profile.department,
      managerEmail: profile.managerEmail,
    },
  };
  const acceptance = await acceptHrEvent(event, deps, {
    dryRun: request.dryRun,
    requestedBy: `admin:${request.by}`,
    reason: request.reason,
  });
  return { ...acceptance, runId: offboardingRunId(event.id) };
}
