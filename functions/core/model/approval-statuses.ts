/** Where an approval stands: asked and waiting, or decided (expired: nobody decided in time). */
export const ApprovalStatuses = ['pending', 'approved', 'rejected', 'expired'] as const;
export type ApprovalStatus = (typeof ApprovalStatuses)[number];
