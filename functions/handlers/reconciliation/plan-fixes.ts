import { defineStep } from '../../composition/define-step.ts';
import { PlanFixesOutput, ReconciliationOnly } from '../../contracts/reconciliation-steps.ts';
import { planFixes } from '../../core/reconciliation/plan-fixes.ts';

export const handler = defineStep({
  name: 'plan-fixes',
  input: ReconciliationOnly,
  output: PlanFixesOutput,
  ports: {},
  records: ['audit', 'reconciliations'],
  run: ({ reconciliation }, deps) => planFixes(reconciliation, deps),
});
