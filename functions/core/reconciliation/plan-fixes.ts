/**
 * Plan Fixes (after the reading): where the reconciliation goes, decided here so one Choice
 * routes it. `report` mode, or nothing to fix, ends with the report (nothing changed). `approve`
 * asks one approval for the batch. `auto` applies the fixes at once within the mass-change
 * guard's batch limit; past it they are held for that same approval, and the hold is audited —
 * a broken HR feed makes every licensed member look unknown, and that must not cost every seat.
 */
import { admissionLimit } from '../guard/mass-change-guard.ts';
import type { ReconciliationContext, ReconciliationDeps } from './reconciliation-deps.ts';

export type FixPlan = 'report' | 'ask' | 'fix';

export async function planFixes(
  reconciliation: ReconciliationContext,
  deps: ReconciliationDeps<'audit' | 'reconciliations'>,
): Promise<{ next: FixPlan; fixes: number | null }> {
  // A report fixes nothing, so its fixes are not counted (null).
  if (reconciliation.mode === 'report') return { next: 'report', fixes: null };
  const fixes = await countOpenFixes(reconciliation.reconciliationId, deps);
  if (fixes === 0) return { next: 'report', fixes };
  if (reconciliation.mode === 'approve') return { next: 'ask', fixes };
  const held = await guardHold(reconciliation, fixes, deps);
  if (held === null) return { next: 'fix', fixes };
  const { ref } = await deps.audit.beginAudit(
    reconciliation.runId,
    `hold-fixes|reconciliation:${reconciliation.reconciliationId}`,
    {
      at: deps.clock.now().toISOString(),
      actor: 'lanyard:mass-change-guard',
      action: 'hold-reconciliation-fixes',
      target: `reconciliation:${reconciliation.reconciliationId}`,
      detail: held,
      runId: reconciliation.runId,
      employeeId: null,
    },
  );
  await deps.audit.completeAudit(ref, 'succeeded', held, deps.clock.now().toISOString());
  return { next: 'ask', fixes };
}

/** Why the guard holds `fixes` fixes of this reconciliation (null: it admits them). */
export async function guardHold(
  reconciliation: ReconciliationContext,
  fixes: number,
  deps: Pick<ReconciliationDeps, 'reconciliations' | 'reconciliation'>,
): Promise<string | null> {
  const settings = deps.reconciliation.massChangeGuard;
  if (settings.mode === 'off') return null;
  const stored = await deps.reconciliations.getReconciliation(reconciliation.reconciliationId);
  const limit = admissionLimit(settings.reclaims, stored?.seatsBefore ?? null);
  if (fixes <= limit) return null;
  return `Held by the mass-change guard: ${fixes} fix(es) in one reconciliation is past its limit of ${limit}; the fixes wait for an admin to approve the batch`;
}

/** The reconciliation's open findings: the fixes an approval would apply (from the running counts). */
export async function countOpenFixes(
  reconciliationId: string,
  deps: Pick<ReconciliationDeps, 'reconciliations'>,
): Promise<number> {
  return (await deps.reconciliations.countFindings(reconciliationId)).byState.open;
}
