/**
 * What the mass-change guard (core/guard/mass-change-guard.ts) counts in a sliding window. (A
 * sweep's reclaims are counted per sweep, not in a window: see admitReclaims. Leave starts change
 * nothing in Trello or the IdP yet, so there is nothing to guard.) Vocabulary only, so the guard's
 * records adapter can key its counters by it without importing the guard.
 */
export const GuardKinds = ['terminations'] as const;
export type GuardKind = (typeof GuardKinds)[number];
