/** What an HR export says of a person's employment (core/reconciliation/parse-hr-export.ts). */
export const HrEmploymentStatuses = ['active', 'on-leave', 'terminated'] as const;
export type HrEmploymentStatus = (typeof HrEmploymentStatuses)[number];
