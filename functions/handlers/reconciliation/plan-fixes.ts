import { PlanFixesOutput, ReconciliationOnly } from '../../contracts/reconciliation-steps.ts';
import { planFixes } from '../../core/reconciliation/plan-fixes.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'plan-fixes',
  input: ReconciliationOnly,
  output: PlanFixesOutput,
  ports: {},
  run: ({ reconciliation }, deps) => planFixes(reconciliation, deps),
});
