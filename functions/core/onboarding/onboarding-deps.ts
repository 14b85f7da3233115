import type { Notifier } from '../../ports/notifier.ts';
import type { RecordPortName } from '../../ports/records/record-ports.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import type { StepDeps } from '../run-context.ts';
import type { OnboardingSettings } from './onboarding-settings.ts';

/** The onboarding use cases' dependencies, with the record ports `R` each names (every one unless named). */
export type OnboardingDeps<R extends RecordPortName = RecordPortName> = OnboardingParts & StepDeps<R>;

interface OnboardingParts {
  trello: TrelloAdmin;
  notifier: Notifier;
  workflow: WorkflowEngine;
  onboarding: OnboardingSettings;
}
