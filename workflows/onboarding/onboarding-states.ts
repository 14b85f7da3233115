/**
 * State names of the onboarding workflow. They are API: they appear in execution history,
 * metrics, alarms, the console and tests. Rename only on purpose.
 */
export const OnboardingStates = {
  initialize: 'Initialize',
  begin: 'Begin Onboarding',
  proceed: 'Proceed?',
  nothingToDo: 'Nothing To Do',
  waitUntilStart: 'Wait Until Start',
  decide: 'Decide Onboarding Path',
  choosePath: 'Choose Onboarding Path',
  reactivate: 'Reactivate Member',
  grant: 'Grant Seat',
  countSeatRequest: 'Count Seat Request',
  askForSeats: 'Ask For Seats',
  invite: 'Invite To Workspace',
  waitForFirstLogin: 'Wait For First Login',
  checkFirstLogin: 'Check First Login',
  hasLoggedIn: 'Has Logged In?',
  giveUpWaiting: 'Give Up Waiting',
  ensureWorkspaces: 'Ensure Workspaces',
  verify: 'Verify Onboarding',
  finish: 'Finish Onboarding',
  runFailed: 'Run Failed?',
  failed: 'Onboarding Failed',
  finished: 'Onboarding Finished',
} as const;
