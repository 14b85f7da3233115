/**
 * What every workflow step carries about its run, and the two rules every step keeps: it acts
 * only while its run still owns the person's lifecycle, and every change it makes to Trello or
 * the IdP is audited exactly once, even when the step runs again after a crash.
 */
import type { Clock } from '../ports/clock.ts';
import type { RecordStore, RunStep } from '../ports/record-store.ts';
import { RunSupersededError } from './errors.ts';

export interface RunPerson {
  id: string;
  email: string;
  fullName: string;
  department: string | null;
  managerEmail: string | null;
}

export interface RunContext {
  runId: string;
  executionName: string;
  /** Who asked: `hr:<eventId>`, `admin:<user>`. */
  actor: string;
  dryRun: boolean;
  person: RunPerson;
}

export interface StepDeps {
  records: RecordStore;
  clock: Clock;
}

/** Throws RunSupersededError when a newer run took over this person's lifecycle. */
export async function ensureCurrentRun(run: RunContext, deps: StepDeps): Promise<void> {
  if (run.dryRun) return; // a dry run never claims the lifecycle, so it cannot lose it
  const profile = await deps.records.getProfile(run.person.id);
  if (profile !== null && profile.currentRunId !== run.runId) {
    throw new RunSupersededError(
      `Run ${run.runId} no longer owns ${run.person.id}'s lifecycle (now ${profile.currentRunId ?? 'none'}); stopping without changes`,
    );
  }
}

export async function recordStep(
  run: RunContext,
  deps: StepDeps,
  step: string,
  result: RunStep['result'],
  detail: string,
): Promise<void> {
  await deps.records.recordRunStep(run.runId, { step, at: deps.clock.now().toISOString(), result, detail });
}

/**
 * Makes one change under an audit entry: begun before the change (so a crash right after the
 * change still leaves the entry), completed after it. A re-run finds the same entry through the
 * action key and completes it; it never writes a second one.
 */
export async function auditedChange<T>(
  run: RunContext,
  deps: StepDeps,
  change: { action: string; target: string; detail: string },
  apply: () => Promise<T>,
): Promise<T> {
  const { ref } = await deps.records.beginAudit(run.runId, `${change.action}|${change.target}`, {
    at: deps.clock.now().toISOString(),
    actor: run.actor,
    action: change.action,
    target: change.target,
    detail: change.detail,
    runId: run.runId,
    employeeId: run.person.id,
  });
  try {
    const result = await apply();
    await deps.records.completeAudit(ref, 'succeeded', change.detail);
    return result;
  } catch (error) {
    await deps.records.completeAudit(ref, 'failed', `${change.detail}: ${(error as Error).message}`);
    throw error;
  }
}

/**
 * A change whose step was interrupted between doing it and recording it stays `pending`; the
 * re-run then sees it done and skips the step. Once the run has verified its end state by reading
 * Trello back, those changes are confirmed (never claimed without that read-back).
 */
export async function confirmPendingChanges(
  run: RunContext,
  deps: StepDeps,
  evidence: string,
): Promise<number> {
  const pending = (await deps.records.runAudit(run.runId)).filter(({ entry }) => entry.result === 'pending');
  for (const { ref, entry } of pending) {
    await deps.records.completeAudit(
      ref,
      'succeeded',
      `${entry.detail} (confirmed by ${evidence} after the run was interrupted)`,
    );
  }
  return pending.length;
}
