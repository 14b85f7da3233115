/** The ids of an offboarding's two approvals: derived from the run, so a re-run finds them again. */
export type OffboardingApprovalKind = 'delete-tokens' | 'account-deactivation';

export function offboardingApprovalId(runId: string, kind: OffboardingApprovalKind): string {
  return `${runId}:${kind}`;
}
