import type { Notifier } from '../../ports/notifier.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import type { StepDeps } from '../run-context.ts';
import type { OnboardingSettings } from './onboarding-settings.ts';

export interface OnboardingDeps extends StepDeps {
  trello: TrelloAdmin;
  notifier: Notifier;
  workflow: WorkflowEngine;
  onboarding: OnboardingSettings;
}
