/** What a leave of absence does beyond the person's record (apply-leave.ts says how). */
export const LeavePolicies = ['keep', 'suspend-sign-in', 'free-seat'] as const;
export type LeavePolicy = (typeof LeavePolicies)[number];
