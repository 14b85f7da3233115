import type { NewUserPolicy } from '../onboarding-decision.ts';

/** Onboarding policy, from config (functions/composition/config.ts). */
export interface OnboardingSettings {
  /** The Enterprise's default Workspace: invites go there; Trello adds newly licensed members to it. */
  defaultWorkspaceId: string | null;
  /** Department (as HR spells it) → Workspace id. */
  departmentWorkspaces: Record<string, string>;
  newUserPolicy: NewUserPolicy;
  /** Start acting this long before `effectiveAt` (accounts ready on day one). */
  startLeadMinutes: number;
  /** How long `wait-for-first-login` waits before ending the run as not provisioned. */
  firstLoginWaitHours: number;
  /** How long an approval stays decidable. */
  approvalTimeoutHours: number;
  /** Where notifications point admins (the console); never carries a token. */
  consoleUrl: string | null;
}

/** The Workspaces a person should end up in: the default one and their department's. */
export function targetWorkspaces(
  settings: Pick<OnboardingSettings, 'defaultWorkspaceId' | 'departmentWorkspaces'>,
  department: string | null,
): string[] {
  const ids = new Set<string>();
  if (settings.defaultWorkspaceId) ids.add(settings.defaultWorkspaceId);
  const departmentWorkspace = department ? settings.departmentWorkspaces[department] : undefined;
  if (departmentWorkspace) ids.add(departmentWorkspace);
  return [...ids];
}
