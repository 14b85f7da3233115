import * as z from 'zod';
import { defineStep } from '../../composition/define-step.ts';
import { logger } from '../../composition/powertools.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { ExecutionStatusChange } from '../../contracts/execution-status-change.ts';
import { closeStrandedRun } from '../../core/runs/close-stranded-run.ts';

/**
 * Target of the rule on "Step Functions Execution Status Change" events of Lanyard's state
 * machines (infra/constructs/execution-watch.ts): the whole EventBridge event in.
 */
export const handler = defineStep({
  name: 'close-stranded-run',
  input: ExecutionStatusChange,
  output: z.object({ closed: z.boolean(), runId: z.string().nullable(), reason: z.string() }),
  ports: { notifier },
  records: ['people', 'runs', 'audit', 'approvals'],
  run: async ({ detail }, deps) => {
    const result = await closeStrandedRun(detail, {
      ...deps,
      stateMachines: {
        onboarding: deps.config.offboarding.onboardingStateMachineArn,
        offboarding: deps.config.offboarding.offboardingStateMachineArn,
        sweep: deps.config.sweep.stateMachineArn,
        reconciliation: deps.config.reconciliation.stateMachineArn,
        leave: deps.config.leave.approvalStateMachineArn,
      },
      consoleUrl: deps.config.onboarding.consoleUrl,
    });
    logger.info(result.closed ? 'stranded run closed' : 'execution end ignored', result);
    return result;
  },
});
