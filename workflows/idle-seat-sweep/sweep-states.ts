/** State names of the idle-seat sweep (API: history, metrics, tests). Rename only on purpose. */
export const SweepStates = {
  begin: 'Begin Sweep',
  proceed: 'Proceed?',
  nothingToDo: 'Nothing To Do',
  startListing: 'Start Listing',
  list: 'List Idle Members',
  moreToList: 'More To List?',
  mode: 'Mode?',
  report: 'Report Only',
  ask: 'Ask Sweep Approval',
  reclaim: 'Reclaim Seats',
  moreToReclaim: 'More To Reclaim?',
  reclaimed: 'Reclaimed',
  finish: 'Finish Sweep',
  runFailed: 'Run Failed?',
  failed: 'Sweep Failed',
  finished: 'Sweep Finished',
} as const;
