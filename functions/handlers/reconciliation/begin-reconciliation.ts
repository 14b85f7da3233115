import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { BeginReconciliationInput, BeginReconciliationOutput } from '../../contracts/reconciliation-steps.ts';
import { beginReconciliation } from '../../core/reconciliation/begin-reconciliation.ts';

export const handler = defineStep({
  name: 'begin-reconciliation',
  input: BeginReconciliationInput,
  output: BeginReconciliationOutput,
  ports: { trello },
  records: ['runs', 'audit', 'reconciliations'],
  run: ({ request, executionName }, deps) =>
    beginReconciliation({ ...request, reconciliationId: executionName }, deps),
});
