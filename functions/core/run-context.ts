/**
 * What every workflow step carries about its run, and the two rules every step keeps: it acts
 * only while its run still owns the person's lifecycle, and every change it makes to Trello or
 * the IdP is audited exactly once, even when the step runs again after a crash.
 */
import type { Clock } from '../ports/clock.ts';
import type { RecordPortName, RecordPorts } from '../ports/records/record-ports.ts';
import type { RunStep } from '../ports/records/runs.ts';
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

/**
 * What every step gets — the clock — and the record ports `R` its use case reads or writes (every
 * one unless named): a step is handed only the record ports it names, so a use case names them.
 */
export type StepDeps<R extends RecordPortName = RecordPortName> = Pick<RecordPorts, R> & { clock: Clock };

/** Throws RunSupersededError when a newer run took over this person's lifecycle. */
export async function ensureCurrentRun(run: RunContext, deps: Pick<StepDeps, 'people'>): Promise<void> {
  if (run.dryRun) return; // a dry run never claims the lifecycle, so it cannot lose it
  const profile = await deps.people.getProfile(run.person.id);
  if (profile !== null && profile.currentRunId !== run.runId) {
    throw new RunSupersededError(
      `Run ${run.runId} no longer owns ${run.person.id}'s lifecycle (now ${profile.currentRunId ?? 'none'}); stopping without changes`,
    );
  }
}

/**
 * Records what a step did. A step recording anything is working, so a run shown as waiting for an
 * approval is `running` again (the wait ended: decided, expired, or withdrawn).
 */
export async function recordStep(
  run: RunContext,
  deps: Pick<StepDeps, 'runs' | 'clock'>,
  step: string,
  result: RunStep['result'],
  detail: string,
): Promise<void> {
  const status = await deps.runs.recordRunStep(run.runId, {
    step,
    at: deps.clock.now().toISOString(),
    result,
    detail,
  });
  // A step after an approval that ended without a decision (expired) runs again: say so. Only
  // then, so the common step costs one write, not a second one refused by its condition.
  if (status === 'waiting-approval') await deps.runs.setRunWaiting(run.runId, 'running', 'waiting-approval');
}

/**
 * Makes one change under audit: a `begun` entry before the change (so a crash right after the
 * change still leaves it), then an outcome entry, `succeeded` or `failed`, after it, each with the
 * time it happened. Entries are appended, never changed. A re-run of the step finds the same
 * attempt through the action key and writes no second `begun` (nor a second outcome); after a
 * `failed` outcome, the next run of the step is attempt 2, with a `begun` of its own.
 */
export async function auditedChange<T>(
  run: RunContext,
  deps: Pick<StepDeps, 'audit' | 'clock'>,
  change: { action: string; target: string; detail: string },
  apply: () => Promise<T>,
): Promise<T> {
  const { ref } = await deps.audit.beginAudit(run.runId, `${change.action}|${change.target}`, {
    at: deps.clock.now().toISOString(),
    actor: run.actor,
    action: change.action,
    target: change.target,
    detail: change.detail,
    runId: run.runId,
    employeeId: run.person.id,
  });
  let result: T;
  try {
    result = await apply();
  } catch (error) {
    await deps.audit.completeAudit(
      ref,
      'failed',
      `${change.detail}: ${(error as Error).message}`,
      deps.clock.now().toISOString(),
    );
    throw error;
  }
  await deps.audit.completeAudit(ref, 'succeeded', change.detail, deps.clock.now().toISOString());
  return result;
}

/**
 * A change whose step was interrupted between doing it and recording its outcome has a `begun`
 * entry and no outcome; the re-run then sees it done and skips the step. Once the run has
 * verified its end state by reading Trello back, each such change gets a `succeeded` outcome
 * entry saying so (never claimed without that read-back; the begun entry is left as it is).
 */
export async function confirmPendingChanges(
  run: RunContext,
  deps: Pick<StepDeps, 'audit' | 'clock'>,
  evidence: string,
): Promise<number> {
  const entries = await deps.audit.runAudit(run.runId);
  const closed = new Set(entries.flatMap(({ entry }) => (entry.begunId === null ? [] : [entry.begunId])));
  const open = entries.filter(({ entry }) => entry.result === 'begun' && !closed.has(entry.id));
  for (const { ref, entry } of open) {
    await deps.audit.completeAudit(
      ref,
      'succeeded',
      `${entry.detail} (confirmed by ${evidence} after the run was interrupted)`,
      deps.clock.now().toISOString(),
    );
  }
  return open.length;
}
