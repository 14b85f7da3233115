import { defineStep } from '../../composition/define-step.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import {
  FinishReconciliationInput,
  FinishReconciliationOutput,
} from '../../contracts/reconciliation-steps.ts';
import { finishReconciliation } from '../../core/reconciliation/finish-reconciliation.ts';

export const handler = defineStep({
  name: 'finish-reconciliation',
  input: FinishReconciliationInput,
  output: FinishReconciliationOutput,
  ports: { notifier },
  records: ['runs', 'audit', 'approvals', 'reconciliations'],
  run: ({ reconciliation, end }, deps) => finishReconciliation(reconciliation, end, deps),
});
