/**
 * The passes a reconciliation's reading steps make, in order. Vocabulary only, so the step
 * contracts can name them without importing the core's logic.
 */

/** The two passes over the Enterprise's members query, in order. */
export const TrelloPasses = ['licensed', 'deactivated'] as const;
export type TrelloPass = (typeof TrelloPasses)[number];

/** Check People's two passes, in order: Lanyard's people directory, then the HR export's rows (when given). */
export const PeoplePasses = ['people', 'hr-export'] as const;
export type PeoplePass = (typeof PeoplePasses)[number];
