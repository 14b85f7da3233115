import { defineStep } from '../../composition/define-step.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { publisher } from '../../composition/providers/publisher.ts';
import { trello } from '../../composition/providers/trello.ts';
import { ApplyFixesOutput, ReconciliationOnly } from '../../contracts/reconciliation-steps.ts';
import { applyFixes } from '../../core/reconciliation/apply-fixes.ts';

export const handler = defineStep({
  name: 'apply-fixes',
  input: ReconciliationOnly,
  output: ApplyFixesOutput,
  ports: { trello, publisher, notifier },
  records: ['hrEvents', 'people', 'audit', 'reconciliations'],
  run: ({ reconciliation }, deps) => applyFixes(reconciliation, deps),
});
