/**
 * Apply Fixes (a batch per call; the workflow loops until none is open): each open finding's fix,
 * through the door that fix always uses, so it is de-duplicated, ordered and audited like any:
 * - `offboard`: the `employee.terminated` event `POST /admin/offboardings` sends, from the record
 *   (an offboarded leaver is offboarded again: every cut is idempotent and reads back), or from
 *   the HR export for a person only it knows;
 * - `onboard`: the `employee.hired` event of the HR path, from the record or the HR export;
 * - `reclaim`: the seat revoked as a sweep revokes it (one audited write; its answer is the
 *   read-back).
 * A finding's fix is started once: its event id is derived from the reconciliation and the
 * person, and the finding leaves `open` by a conditional write. Two findings of one person with
 * the same fix (a leaver still licensed and still able to sign in) share the one run.
 */
import type { HrEvent } from '../../contracts/hr-event.ts';
import type { ReconciliationFinding } from '../../ports/records/reconciliations.ts';
import { EventIdConflictError, TrelloNotFoundError, TrelloRequestRejectedError } from '../errors.ts';
import { acceptHrEvent } from '../ingest/accept-hr-event.ts';
import { offboardingRunId, onboardingRunId } from '../lifecycle/run-ids.ts';
import type { ReconciliationContext, ReconciliationDeps } from './reconciliation-deps.ts';

/** Findings fixed per call (each one or two writes): well inside the step's timeout. */
export const FIX_BATCH = 25;

export async function applyFixes(
  reconciliation: ReconciliationContext,
  deps: ReconciliationDeps<'hrEvents' | 'people' | 'audit' | 'reconciliations'>,
): Promise<{ done: boolean; fixed: number }> {
  await deps.reconciliations.updateReconciliation(reconciliation.reconciliationId, { status: 'fixing' });
  const page = await deps.reconciliations.listFindings(reconciliation.reconciliationId, {
    state: 'open',
    limit: FIX_BATCH,
  });
  let fixed = 0;
  for (const finding of page.items) {
    if (await applyFix(reconciliation, finding, deps)) fixed += 1;
  }
  return { done: page.nextCursor === null, fixed };
}

async function applyFix(
  reconciliation: ReconciliationContext,
  finding: ReconciliationFinding,
  deps: ReconciliationDeps<'hrEvents' | 'people' | 'audit' | 'reconciliations'>,
): Promise<boolean> {
  const target = finding.employeeId ? `person:${finding.employeeId}` : `member:${finding.memberId}`;
  const detail = `${finding.fix} to close ${finding.kind} (${finding.email ?? finding.memberId}) found by reconciliation ${reconciliation.reconciliationId}`;
  const { ref } = await deps.audit.beginAudit(reconciliation.runId, `fix|${finding.findingId}`, {
    at: deps.clock.now().toISOString(),
    actor: reconciliation.requestedBy,
    action: `reconciliation-fix-${finding.fix}`,
    target,
    detail,
    runId: reconciliation.runId,
    employeeId: finding.employeeId,
  });
  const end = async (state: 'fixed' | 'failed', result: string) => {
    await deps.audit.completeAudit(ref, state === 'fixed' ? 'succeeded' : 'failed', `${detail}: ${result}`);
    await deps.reconciliations.setFindingState(
      reconciliation.reconciliationId,
      finding.findingId,
      { state, result },
      ['open'],
    );
    return state === 'fixed';
  };
  try {
    if (finding.fix === 'reclaim') {
      if (finding.memberId === null) return end('failed', 'no Trello member to reclaim from');
      const { deactivated } = await deps.trello.setLicensed(finding.memberId, false);
      return end(
        'fixed',
        `seat revoked${deactivated === false ? ' (Trello did not report the member deactivated)' : ''}`,
      );
    }
    const employee = await employeeOf(finding, deps);
    if (employee === null) return end('failed', 'Lanyard has no record of this person any more');
    const started = await startLifecycleRun(reconciliation, finding, employee, deps);
    return end(started.ok ? 'fixed' : 'failed', started.result);
  } catch (error) {
    // Refusals are the finding's outcome; anything else (rate limits, outages) is retried by the step.
    if (
      error instanceof TrelloRequestRejectedError ||
      error instanceof TrelloNotFoundError ||
      error instanceof EventIdConflictError
    ) {
      return end('failed', error.message);
    }
    throw error;
  }
}

/**
 * Who the fix's HR event is about: Lanyard's record of them, else — a person only HR's export
 * knows — the employee id, email and name the finding took from the export.
 */
async function employeeOf(
  finding: ReconciliationFinding,
  deps: ReconciliationDeps<'people'>,
): Promise<HrEvent['employee'] | null> {
  if (finding.employeeId === null) return null;
  const person = await deps.people.getProfile(finding.employeeId);
  if (person !== null)
    return {
      id: person.employeeId,
      email: person.email,
      fullName: person.fullName,
      department: person.department,
      managerEmail: person.managerEmail,
    };
  if (finding.evidence.hrSays === null || finding.email === null) return null;
  return {
    id: finding.employeeId,
    email: finding.email,
    fullName: finding.fullName ?? finding.email,
    department: null,
    managerEmail: null,
  };
}

/** Sends the fix's HR event through the same door HR and admins use; what it started, in words. */
async function startLifecycleRun(
  reconciliation: ReconciliationContext,
  finding: ReconciliationFinding,
  employee: HrEvent['employee'],
  deps: ReconciliationDeps<'hrEvents' | 'people'>,
): Promise<{ ok: boolean; result: string }> {
  const offboard = finding.fix === 'offboard';
  const now = deps.clock.now().toISOString();
  const event: HrEvent = {
    id: `reconciliation:${reconciliation.reconciliationId}:${finding.fix}:${employee.id}`,
    type: offboard ? 'employee.terminated' : 'employee.hired',
    occurredAt: now,
    effectiveAt: now,
    employee,
  };
  const acceptance = await acceptHrEvent(event, deps, {
    requestedBy: `reconciliation:${reconciliation.reconciliationId}`,
    reason: `Drift reconciliation ${reconciliation.reconciliationId}: ${finding.kind}`,
  });
  const runId = offboard ? offboardingRunId(event.id) : onboardingRunId(event.id);
  if (acceptance.outcome === 'stale') return { ok: false, result: acceptance.message };
  const what = `${offboard ? 'offboarding' : 'onboarding'} run ${runId}`;
  return { ok: true, result: `${what} ${acceptance.outcome === 'accepted' ? 'started' : 'already started'}` };
}
