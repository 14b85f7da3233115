import { ApplyFixesOutput, ReconciliationOnly } from '../../contracts/reconciliation-steps.ts';
import { applyFixes } from '../../core/reconciliation/apply-fixes.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { publisher } from '../../runtime/providers/publisher.ts';
import { trello } from '../../runtime/providers/trello.ts';

export const handler = defineStep({
  name: 'apply-fixes',
  input: ReconciliationOnly,
  output: ApplyFixesOutput,
  ports: { trello, publisher, notifier },
  run: ({ reconciliation }, deps) => applyFixes(reconciliation, deps),
});
