/**
 * Admins start a sweep now (API/CLI) and drop people from one awaiting approval. A sweep's id is
 * its execution name, so the id the API answers is the one every record and link uses.
 */
import type { Randomness } from '../../ports/randomness.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import { ConfigInvalidError, StepInputInvalidError, SweepNotAwaitingApprovalError } from '../errors.ts';
import type { SweepMode } from '../model/sweep-vocabulary.ts';
import type { SweepDeps } from './sweep-deps.ts';

export async function requestSweep(
  request: { mode: SweepMode; dryRun: boolean; by: string },
  deps: {
    workflow: WorkflowEngine;
    clock: SweepDeps['clock'];
    randomness: Randomness;
    stateMachineArn: string | null;
    /** A mail sender and the console URL are configured (an ask-first sweep needs both). */
    canMailPeople: boolean;
  },
): Promise<{ sweepId: string }> {
  if (!deps.stateMachineArn) {
    throw new ConfigInvalidError(
      'The sweep state machine is not configured (LANYARD_SWEEP_STATE_MACHINE_ARN)',
    );
  }
  if (request.mode === 'ask-first' && !deps.canMailPeople) {
    throw new StepInputInvalidError(
      'An ask-first sweep mails each idle member, and no sender is configured: set sweep.askFirst.from (a verified SES identity) and consoleUrl in the deploy config, or use another mode',
    );
  }
  const sweepId = `sweep-${deps.clock.now().toISOString().slice(0, 10)}-${deps.randomness.uuid().slice(0, 8)}`;
  await deps.workflow.startExecution(deps.stateMachineArn, sweepId, {
    mode: request.mode,
    dryRun: request.dryRun,
    requestedBy: `admin:${request.by}`,
  });
  return { sweepId };
}

/** Keeps members out of a sweep awaiting its approval; answers who was dropped and who was not a candidate. */
export async function dropFromSweep(
  sweepId: string,
  memberIds: string[],
  by: string,
  deps: Pick<SweepDeps, 'sweeps'>,
): Promise<{ dropped: string[]; notCandidates: string[] }> {
  const sweep = await deps.sweeps.getSweep(sweepId);
  if (sweep === null || sweep.status !== 'awaiting-approval') {
    throw new SweepNotAwaitingApprovalError(
      sweep === null
        ? `Sweep ${sweepId} does not exist`
        : `Sweep ${sweepId} is ${sweep.status}: people can be dropped only while it awaits approval`,
    );
  }
  const dropped: string[] = [];
  const notCandidates: string[] = [];
  for (const memberId of memberIds) {
    const moved = await deps.sweeps.setSweepMemberState(
      sweepId,
      memberId,
      { state: 'dropped', reason: `kept by ${by}` },
      ['candidate'],
    );
    (moved ? dropped : notCandidates).push(memberId);
  }
  return { dropped, notCandidates };
}
