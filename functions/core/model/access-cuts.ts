/** The two access cuts of an offboarding, each timed against the time-to-cut SLO. */
export const AccessCuts = ['trello', 'idp'] as const;
export type AccessCut = (typeof AccessCuts)[number];
