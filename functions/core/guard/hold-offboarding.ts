/**
 * Hold Offboarding (waitForTaskToken): a termination the mass-change guard held waits here for an
 * admin. The task token is kept on the held run; if an admin decided before it was kept, this
 * step hands the decision to its own task at once. The run that opened the batch notifies admins,
 * once per batch, after the workflow's settle wait: how many are held, in what window, who (by
 * department and manager), against the usual rate.
 */
import type { GuardStore, HeldRun } from '../../ports/guard-store.ts';
import type { Notifier } from '../../ports/notifier.ts';
import type { RecordPortName } from '../../ports/records/record-ports.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import { ErrorNames } from '../errors.ts';
import type { RunContext, StepDeps } from '../run-context.ts';
import { quarantinePreview, usualRatePerWindow } from './mass-change-guard.ts';

/** The usual rate is the average over this many days. */
const USUAL_RATE_DAYS = 30;
const PREVIEW_ROWS = 5;

export type HoldDeps<R extends RecordPortName = RecordPortName> = StepDeps<R> & {
  guard: GuardStore;
  notifier: Notifier;
  workflow: WorkflowEngine;
  offboarding: { consoleUrl: string | null };
};

export async function holdOffboarding(
  input: { run: RunContext; batchId: string; opened: boolean; taskToken: string },
  deps: HoldDeps<never>,
): Promise<void> {
  const kept = await deps.guard.setHoldToken(input.run.runId, input.taskToken);
  if (!kept) {
    const held = await deps.guard.heldRun(input.run.runId);
    if (held) await handOver(held, input.taskToken, deps.workflow);
    return;
  }
  if (input.opened) await notifyBatch(input.batchId, deps);
}

/** Gives a decided run's waiting task its decision: go on, or end as discarded. */
export async function handOver(held: HeldRun, taskToken: string, workflow: WorkflowEngine): Promise<void> {
  if (held.decision === 'released') await workflow.completeTask(taskToken, { released: true });
  else if (held.decision === 'discarded')
    await workflow.failTask(taskToken, ErrorNames.QuarantineDiscarded, discardCause(held));
}

export function discardCause(held: HeldRun): string {
  return `Discarded from quarantine batch ${held.batchId} by ${held.decidedBy} at ${held.decidedAt}: the termination was never applied (${held.reason})`;
}

async function notifyBatch(batchId: string, deps: HoldDeps<never>): Promise<void> {
  const batch = await deps.guard.getBatch(batchId);
  if (!batch) return;
  const held = (await deps.guard.batchRuns(batchId)).filter((r) => r.decision === 'pending');
  const preview = quarantinePreview(held);
  const since = new Date(deps.clock.now().getTime() - USUAL_RATE_DAYS * 86_400_000).toISOString();
  const usual = usualRatePerWindow(
    await deps.guard.hourlyCounts(batch.kind, since),
    USUAL_RATE_DAYS,
    batch.windowMinutes,
  );
  const rows = <T>(list: T[], line: (t: T) => string) =>
    list.slice(0, PREVIEW_ROWS).map(line).join(', ') +
    (list.length > PREVIEW_ROWS ? `, and ${list.length - PREVIEW_ROWS} more` : '');
  const where = deps.offboarding.consoleUrl
    ? `${deps.offboarding.consoleUrl}#/quarantine`
    : 'GET /admin/quarantine';
  await deps.notifier.notify({
    kind: 'approval-requested',
    title: `Mass-change guard: ${preview.count} terminations held (more than ${batch.limit} within ${batch.windowMinutes} min)`,
    body: [
      `Batch ${batchId}, opened ${batch.openedAt}. Nothing has been done to these people: no seat freed, no sign-in cut.`,
      `By department: ${rows(preview.byDepartment, (d) => `${d.department} ${d.count}`)}.`,
      `By manager: ${rows(preview.byManager, (m) => `${m.managerEmail} ${m.count}`)}.`,
      `Usual rate: ${usual.toFixed(1)} terminations per ${batch.windowMinutes} min (average of the last ${USUAL_RATE_DAYS} days).`,
      `If this is a real layoff, release the batch (all of it, or by department): the cuts then run at once. If the HR feed is wrong, discard it: each termination is recorded as discarded and never applied. Review at ${where}, or with lanyard quarantine.`,
    ].join('\n'),
    runId: null,
    approvalId: null,
  });
}
