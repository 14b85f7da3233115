/** State names of the leave approval (API: history, metrics, tests). Rename only on purpose. */
export const LeaveApprovalStates = {
  ask: 'Ask Leave Approval',
  settle: 'Settle Leave Approval',
  settled: 'Leave Approval Settled',
} as const;
