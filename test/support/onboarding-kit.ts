/**
 * An onboarding run's unit-test surroundings: the records in memory with the run and the hire's
 * profile (owned by the run), Trello and the IdP in memory, recording notifier and workflow engine,
 * and the settings (a default Workspace and one per department).
 */
import type { LeavePolicy } from '../../functions/core/lifecycle/leave-policies.ts';
import type { OnboardingSettings } from '../../functions/core/onboarding/onboarding-settings.ts';
import type { RunContext } from '../../functions/core/run-context.ts';
import { aProfile } from './builders.ts';
import { InMemoryIdp } from './fakes/in-memory-idp.ts';
import { inMemoryRecords } from './fakes/in-memory-records.ts';
import { InMemoryTrello } from './fakes/in-memory-trello.ts';
import { RecordingNotifier } from './fakes/recording-notifier.ts';
import { RecordingWorkflowEngine } from './fakes/recording-workflow-engine.ts';
import { aRunContext, aRunRecordOf, fixedClock, NOW } from './run-builders.ts';

/** Ana's hire; she is in Design. */
export const HIRE = aRunContext();

export const ONBOARDING: OnboardingSettings = {
  defaultWorkspaceId: 'ws-all',
  departmentWorkspaces: { Design: 'ws-design' },
  newUserPolicy: 'invite',
  startLeadMinutes: 60,
  firstLoginWaitHours: 48,
  approvalTimeoutHours: 72,
  consoleUrl: null,
};

export async function anOnboarding(run: RunContext = HIRE, settings: Partial<OnboardingSettings> = {}) {
  const records = inMemoryRecords(() => new Date(NOW));
  await records.people.putProfile(
    aProfile({ lifecycle: 'onboarding', currentRunId: run.runId, trelloMemberId: null }),
    null,
  );
  await records.runs.createRun(aRunRecordOf(run, 'onboarding', 'evt-hire'));
  const trello = new InMemoryTrello();
  const idp = new InMemoryIdp();
  const notifier = new RecordingNotifier();
  const workflow = new RecordingWorkflowEngine();
  const clock = fixedClock();
  // `keep`: a leave recorded during the onboarding changes nothing unless a test says otherwise.
  const leavePolicy: LeavePolicy = 'keep';
  const deps = {
    ...records,
    clock,
    trello,
    idp,
    notifier,
    workflow,
    onboarding: { ...ONBOARDING, ...settings },
    leavePolicy,
  };
  /** The run's steps as `[step, result]`. */
  const stepsOf = async () =>
    ((await records.runs.getRun(run.runId))?.steps ?? []).map((s) => [s.step, s.result]);
  return { records, trello, idp, notifier, workflow, clock, deps, stepsOf };
}

/** A newer run took the person over. */
export async function supersede(records: ReturnType<typeof inMemoryRecords>) {
  const profile = await records.people.getProfile(HIRE.person.id);
  await records.people.putProfile(
    { ...(profile as NonNullable<typeof profile>), currentRunId: 'run-evt-term' },
    profile?.version ?? null,
  );
}
