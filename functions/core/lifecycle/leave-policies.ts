/** What a leave of absence does beyond the person's record (apply-leave.ts says how). */
export const LeavePolicies = ['keep', 'suspend-sign-in', 'free-seat'] as const;
export type LeavePolicy = (typeof LeavePolicies)[number];

/**
 * Approval asks admins before a leave's change, and `keep` makes none: a config asking for both is
 * refused (deploy and runtime config alike) rather than silently asking nothing. `names` are the
 * setting names as the reader of the error knows them.
 */
export function leaveApprovalConflict(
  policy: LeavePolicy,
  approval: boolean,
  names: { policy: string; approval: string },
): string | null {
  if (!approval || policy !== 'keep') return null;
  return `${names.approval} asks admins before a leave of absence changes access, and ${names.policy} "keep" changes none: set ${names.policy} to "suspend-sign-in" or "free-seat", or turn ${names.approval} off`;
}
