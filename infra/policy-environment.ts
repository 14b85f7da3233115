import { ConfigKeys as K } from '../functions/composition/config-keys.ts';
import type { DeployConfig } from './deploy-config.ts';

/**
 * Policy values with no size bound: they grow with the organisation (a department map, an
 * allow-list of people), and the Lambda environment holds 4 KB in all. On AWS they go to the config
 * parameters instead (see {@link splitPolicyEnvironment}).
 */
export const UNBOUNDED_POLICY_KEYS = [K.departmentWorkspaces, K.sweepAllowList] as const;

/**
 * The deploy config's policy settings as the runtime environment of every step. The stack and the
 * local runtime both use this, each adding only its endpoints and credentials: the local stack
 * sets every value in the environment; the stack moves the unbounded ones to SSM parameters.
 */
export function policyEnvironment(config: DeployConfig): Record<string, string> {
  return {
    [K.trelloEnterpriseId]: config.trello.enterpriseId,
    [K.trelloManagementMode]: config.trello.managementMode,
    ...(config.trello.adminHub
      ? {
          [K.adminHubBaseUrl]: config.trello.adminHub.baseUrl,
          [K.adminHubTrelloGroupId]: config.trello.adminHub.trelloGroupId,
        }
      : {}),
    [K.departmentWorkspaces]: JSON.stringify(config.departmentWorkspaces),
    [K.newUserPolicy]: config.newUserPolicy,
    [K.leavePolicy]: config.leaveOfAbsence,
    [K.leaveApproval]: String(config.leaveApproval),
    [K.startLeadMinutes]: String(config.startLeadMinutes),
    [K.firstLoginWaitHours]: String(config.firstLoginWaitHours),
    [K.approvalTimeoutHours]: String(config.approvalTimeoutHours),
    [K.approvalExcludeManager]: String(config.approvalExcludesManager),
    [K.cutSloSeconds]: String(Math.round(config.offboarding.timeToCut.sloMinutes * 60)),
    [K.urgentCutSloSeconds]: String(config.offboarding.timeToCut.urgentSloSeconds),
    [K.cutKeepTryingHours]: String(config.offboarding.timeToCut.keepTryingHours),
    [K.massChangeGuard]: config.massChangeGuard === 'off' ? 'off' : JSON.stringify(config.massChangeGuard),
    [K.sweepInactiveDays]: String(config.sweep.inactiveDays),
    [K.sweepGraceDays]: String(config.sweep.graceDays),
    [K.sweepAllowList]: JSON.stringify(config.sweep.allowList),
    [K.sweepAnswerDays]: String(config.sweep.askFirst.answerDays),
    ...(config.sweep.askFirst.from ? { [K.mailFrom]: config.sweep.askFirst.from } : {}),
    ...(config.trello.defaultWorkspaceId
      ? { [K.trelloDefaultWorkspaceId]: config.trello.defaultWorkspaceId }
      : {}),
    ...(config.consoleUrl ? { [K.consoleUrl]: config.consoleUrl } : {}),
    ...(config.offboarding.boardSuccessorFallback
      ? { [K.boardSuccessorFallback]: config.offboarding.boardSuccessorFallback }
      : {}),
    ...(config.offboarding.idp
      ? {
          [K.idpKind]: config.offboarding.idp.kind,
          [K.idpBaseUrl]: config.offboarding.idp.baseUrl,
          [K.idpScope]: config.offboarding.idp.scope,
          ...(config.offboarding.idp.requestsPerMinute === null
            ? {}
            : { [K.idpRequestsPerMinute]: String(config.offboarding.idp.requestsPerMinute) }),
        }
      : {}),
  };
}

/**
 * The same settings as the stack deploys them: the bounded ones in the environment, the unbounded
 * ones ({@link UNBOUNDED_POLICY_KEYS}) as the document of the config parameters, which the runtime
 * merges back into the environment before parsing it (functions/composition/config-parameters.ts), so
 * both halves together are exactly {@link policyEnvironment}.
 */
export function splitPolicyEnvironment(config: DeployConfig): {
  environment: Record<string, string>;
  parameters: Record<string, string>;
} {
  const all = policyEnvironment(config);
  const unbounded = new Set<string>(UNBOUNDED_POLICY_KEYS);
  const pick = (inParameters: boolean) =>
    Object.fromEntries(Object.entries(all).filter(([key]) => unbounded.has(key) === inParameters));
  return { environment: pick(false), parameters: pick(true) };
}
