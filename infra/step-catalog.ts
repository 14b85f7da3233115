/**
 * THE list of Lambda steps. The CDK stack creates one NodejsFunction per entry (with exactly the
 * access listed), and the local runtime maps the synthesized functions back to these handler
 * modules (by the LANYARD_STEP variable every function carries), so the two cannot drift.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface StepAccess {
  /** The records table. */
  table: 'read' | 'read-write';
  /** Reads the Trello key/token secret. */
  trelloSecret: boolean;
  /** Calls states:SendTaskSuccess/Failure (to hand a recorded decision to a waiting step). */
  taskCallbacks: boolean;
  /** Notifies admins (SNS topic, Slack webhook secret). */
  notify?: boolean;
}

export interface StepDefinition {
  /** Stable id (API): kebab-case, used in logs, run records and construct ids. */
  id: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  access: StepAccess;
  /** Lambda timeout. */
  timeoutSeconds: number;
}

const trelloStep = { table: 'read-write', trelloSecret: true, taskCallbacks: false } as const;

export const STEP_CATALOG = [
  {
    id: 'begin-onboarding',
    entry: 'functions/handlers/onboarding/begin-onboarding.ts',
    description: 'Creates the run, refuses stale events, claims the person lifecycle',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: false },
    timeoutSeconds: 30,
  },
  {
    id: 'decide-onboarding-path',
    entry: 'functions/handlers/onboarding/decide-onboarding-path.ts',
    description: 'Reads the Enterprise membership and decides the onboarding path',
    access: trelloStep,
    timeoutSeconds: 60,
  },
  {
    id: 'reactivate-member',
    entry: 'functions/handlers/onboarding/reactivate-member.ts',
    description: 'Reactivates a deactivated member',
    access: trelloStep,
    timeoutSeconds: 60,
  },
  {
    id: 'grant-seat',
    entry: 'functions/handlers/onboarding/grant-seat.ts',
    description: 'Grants an Enterprise license seat',
    access: trelloStep,
    timeoutSeconds: 60,
  },
  {
    id: 'invite-to-workspace',
    entry: 'functions/handlers/onboarding/invite-to-workspace.ts',
    description: 'Invites a person without a Trello account to the default Workspace',
    access: trelloStep,
    timeoutSeconds: 60,
  },
  {
    id: 'check-first-login',
    entry: 'functions/handlers/onboarding/check-first-login.ts',
    description: 'Checks whether the person has logged in to Trello once',
    access: trelloStep,
    timeoutSeconds: 60,
  },
  {
    id: 'ensure-workspaces',
    entry: 'functions/handlers/onboarding/ensure-workspaces.ts',
    description: 'Adds the member to the default and department Workspaces',
    access: trelloStep,
    timeoutSeconds: 60,
  },
  {
    id: 'verify-onboarding',
    entry: 'functions/handlers/onboarding/verify-onboarding.ts',
    description: 'Reads the result back from Trello',
    access: trelloStep,
    timeoutSeconds: 60,
  },
  {
    id: 'finish-onboarding',
    entry: 'functions/handlers/onboarding/finish-onboarding.ts',
    description: 'Records the outcome, releases the lifecycle, notifies admins',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: false, notify: true },
    timeoutSeconds: 30,
  },
  {
    id: 'ask-for-seats',
    entry: 'functions/handlers/approvals/ask-for-seats.ts',
    description: 'Records a seat approval for admins (waitForTaskToken); replays a recorded decision',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: true, notify: true },
    timeoutSeconds: 30,
  },
  {
    id: 'apply-profile-event',
    entry: 'functions/handlers/lifecycle/apply-profile-event.ts',
    description: 'Applies HR profile updates and leave events in HR order',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: false },
    timeoutSeconds: 30,
  },
] as const satisfies readonly StepDefinition[];

export type StepId = (typeof STEP_CATALOG)[number]['id'];

export function stepEntryPath(step: StepDefinition): string {
  return path.join(root, step.entry);
}

/** The environment variable naming the step on every function (how the local runtime maps them). */
export const STEP_ID_VARIABLE = 'LANYARD_STEP';
