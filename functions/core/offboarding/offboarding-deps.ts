import type { AtlassianApiTokens } from '../../ports/atlassian-api-tokens.ts';
import type { GuardStore } from '../../ports/guard-store.ts';
import type { IdentityProvider, IdpScope } from '../../ports/identity-provider.ts';
import type { OperationalMetrics } from '../../ports/metrics.ts';
import type { Notifier } from '../../ports/notifier.ts';
import type { RecordPortName } from '../../ports/records/record-ports.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import type { MassChangeGuardSettings } from '../guard/mass-change-guard.ts';
import type { StepDeps } from '../run-context.ts';
import type { TimeToCutSettings } from './cut-clock.ts';

/** Offboarding policy, from config (functions/composition/config.ts). */
export interface OffboardingSettings {
  /** How far the IdP cut goes by default; `account` runs only after an approval. */
  idpScope: IdpScope;
  /** Takes over sole-admin boards when the leaver's manager is not an active Trello member. */
  successorFallbackMemberId: string | null;
  /** To stop a leaver's onboarding still in flight; null when unknown (it is then superseded at its next step). */
  onboardingStateMachineArn: string | null;
  approvalTimeoutHours: number;
  consoleUrl: string | null;
  /** The time-to-cut SLO and how long a cut keeps trying. */
  timeToCut: TimeToCutSettings;
  /** Past its thresholds a termination is held for an admin before any effect. */
  massChangeGuard: MassChangeGuardSettings;
}

/** The offboarding use cases' dependencies, with the record ports `R` each names (every one unless named). */
export type OffboardingDeps<R extends RecordPortName = RecordPortName> = OffboardingParts & StepDeps<R>;

interface OffboardingParts {
  trello: TrelloAdmin;
  notifier: Notifier;
  workflow: WorkflowEngine;
  /** Null when no identity provider is configured. */
  idp: IdentityProvider | null;
  /** Present when the IdP is Atlassian Administration (same org API key). */
  atlassianTokens: AtlassianApiTokens | null;
  offboarding: OffboardingSettings;
  metrics: OperationalMetrics;
  /** The mass-change guard's counts and quarantine batches. */
  guard: GuardStore;
}
