import { ConfigKeys as K } from '../functions/runtime/config-keys.ts';
import type { DeployConfig } from './deploy-config.ts';

/**
 * The deploy config's policy settings as the runtime environment of every step. The stack and the
 * local runtime both use this, each adding only its endpoints and credentials.
 */
export function policyEnvironment(config: DeployConfig): Record<string, string> {
  return {
    [K.trelloEnterpriseId]: config.trello.enterpriseId,
    [K.departmentWorkspaces]: JSON.stringify(config.departmentWorkspaces),
    [K.newUserPolicy]: config.newUserPolicy,
    [K.startLeadMinutes]: String(config.startLeadMinutes),
    [K.firstLoginWaitHours]: String(config.firstLoginWaitHours),
    [K.approvalTimeoutHours]: String(config.approvalTimeoutHours),
    [K.approvalExcludeManager]: String(config.approvalExcludesManager),
    [K.cutSloSeconds]: String(Math.round(config.offboarding.timeToCut.sloMinutes * 60)),
    [K.urgentCutSloSeconds]: String(config.offboarding.timeToCut.urgentSloSeconds),
    [K.cutKeepTryingHours]: String(config.offboarding.timeToCut.keepTryingHours),
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
        }
      : {}),
  };
}
