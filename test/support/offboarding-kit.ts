/**
 * An offboarding run's unit-test surroundings: the records in memory with the run and the leaver's
 * profile (owned by the run), the cut clock, and recording notifier and metrics; with every port
 * of OffboardingDeps (Trello and the IdP in memory) for the steps that take them all.
 */
import type { CutClock } from '../../functions/core/offboarding/cut-clock.ts';
import type {
  OffboardingDeps,
  OffboardingSettings,
} from '../../functions/core/offboarding/offboarding-deps.ts';
import { aMember, aProfile } from './builders.ts';
import { InMemoryGuardStore } from './fakes/in-memory-guard-store.ts';
import { InMemoryIdp } from './fakes/in-memory-idp.ts';
import { inMemoryRecords } from './fakes/in-memory-records.ts';
import { InMemoryTrello } from './fakes/in-memory-trello.ts';
import { RecordingMetrics } from './fakes/recording-metrics.ts';
import { RecordingNotifier } from './fakes/recording-notifier.ts';
import { RecordingWorkflowEngine } from './fakes/recording-workflow-engine.ts';
import { aRunContext, aRunRecordOf, fixedClock, NOW } from './run-builders.ts';

export const LEAVER = aRunContext({
  runId: 'run-evt-term',
  executionName: 'exec-evt-term',
  actor: 'hr:evt-term',
});

/** Due now, held to a five-minute SLO, trying for a day. */
export const CUT_CLOCK: CutClock = {
  effectiveAt: NOW,
  dueAt: NOW,
  sloSeconds: 300,
  giveUpAt: '2026-12-02T09:00:00.000Z',
};

export async function anOffboarding(run = LEAVER) {
  const records = inMemoryRecords(() => new Date(NOW));
  await records.people.putProfile(aProfile({ lifecycle: 'offboarding', currentRunId: run.runId }), null);
  await records.runs.createRun(aRunRecordOf(run, 'offboarding', 'evt-term'));
  const clock = fixedClock();
  const notifier = new RecordingNotifier();
  const metrics = new RecordingMetrics();
  const base = { ...records, clock, notifier, metrics, offboarding: { consoleUrl: null } };
  return { records, clock, notifier, metrics, base };
}

/** The deployed defaults, with a fallback admin for sole-admin boards. */
export const OFFBOARDING_SETTINGS: OffboardingSettings = {
  idpScope: 'sign-in',
  successorFallbackMemberId: 'm-fallback',
  onboardingStateMachineArn: null,
  approvalTimeoutHours: 72,
  consoleUrl: null,
  timeToCut: { sloSeconds: 900, urgentSloSeconds: 120, keepTryingHours: 24 },
  massChangeGuard: { mode: 'off' },
};

/**
 * An offboarding with every port: the leaver's Trello account (deactivated by the cut) in the
 * in-memory Trello, and an IdP in memory with no users (null when `idp` is false).
 */
export async function anOffboardingWithPorts(
  run = LEAVER,
  options: { settings?: Partial<OffboardingSettings>; idp?: boolean } = {},
) {
  const offboarding = await anOffboarding(run);
  const trello = new InMemoryTrello();
  trello.add(aMember({ deactivated: true }));
  const idp = new InMemoryIdp();
  const workflow = new RecordingWorkflowEngine();
  const deps: OffboardingDeps = {
    ...offboarding.base,
    trello,
    idp: options.idp === false ? null : idp,
    atlassianTokens: null,
    workflow,
    guard: new InMemoryGuardStore(),
    offboarding: { ...OFFBOARDING_SETTINGS, ...options.settings },
  };
  return { ...offboarding, trello, idp, workflow, deps };
}
