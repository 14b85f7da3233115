/**
 * An admin's decision on a quarantine batch: release (the held terminations go ahead, fail-closed
 * as usual, their cuts timed from now) or discard (each recorded as discarded, never applied) —
 * the whole batch, or only the people of some departments. Each decision is audited with the
 * admin as the actor; a run already decided is left as it is (a second decision changes nothing).
 */
import type { GuardStore, HeldRun } from '../../ports/guard-store.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import { auditedChange, type RunContext, type StepDeps } from '../run-context.ts';
import { handOver } from './hold-offboarding.ts';
import { inDepartments } from './mass-change-guard.ts';

export interface QuarantineDecision {
  batchId: string;
  decision: 'released' | 'discarded';
  /** Only the people of these departments ("(none)" for no department); empty or absent: everyone. */
  departments: string[] | null;
  by: string;
}

export type QuarantineDecisionResult =
  | { found: false }
  | { found: true; decided: string[]; alreadyDecided: string[]; remaining: number };

export async function decideQuarantine(
  request: QuarantineDecision,
  deps: StepDeps<'audit'> & { guard: GuardStore; workflow: WorkflowEngine },
): Promise<QuarantineDecisionResult> {
  const batch = await deps.guard.getBatch(request.batchId);
  if (!batch) return { found: false };
  const whole = request.departments === null || request.departments.length === 0;
  // A whole-batch decision first closes the batch: a run held from now on opens the next one.
  if (whole) await deps.guard.closeBatch(batch.batchId, deps.clock.now().toISOString());
  const chosen = (await deps.guard.batchRuns(batch.batchId)).filter(
    (r) => r.decision === 'pending' && inDepartments(r, request.departments),
  );
  const decided: string[] = [];
  const alreadyDecided: string[] = [];
  for (const held of chosen) {
    const at = deps.clock.now().toISOString();
    if (!(await deps.guard.decide(held.runId, request.decision, request.by, at))) {
      alreadyDecided.push(held.runId);
      continue;
    }
    const now = { ...held, decision: request.decision, decidedBy: request.by, decidedAt: at };
    await auditedChange(
      heldRunContext(now, request.by),
      deps,
      {
        action: request.decision === 'released' ? 'release-from-quarantine' : 'discard-from-quarantine',
        target: `run:${held.runId}`,
        detail: `${request.decision === 'released' ? 'Released' : 'Discarded'} the termination of ${held.email} (batch ${held.batchId}; held because: ${held.reason})`,
      },
      async () => {
        const token = await deps.guard.holdToken(held.runId);
        // No token yet: the run's Hold step finds the decision itself when it starts.
        if (token) await handOver(now, token, deps.workflow);
      },
    );
    decided.push(held.runId);
  }
  const remaining = (await deps.guard.batchRuns(batch.batchId)).filter(
    (r) => r.decision === 'pending',
  ).length;
  return { found: true, decided, alreadyDecided, remaining };
}

function heldRunContext(held: HeldRun, by: string): RunContext {
  return {
    runId: held.runId,
    executionName: '',
    actor: `admin:${by}`,
    dryRun: false,
    person: {
      id: held.employeeId,
      email: held.email,
      fullName: held.fullName,
      department: held.department,
      managerEmail: held.managerEmail,
    },
  };
}
