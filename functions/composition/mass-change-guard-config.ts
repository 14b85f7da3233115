/**
 * The mass-change guard's settings as JSON: the deploy config's `massChangeGuard` and the
 * `LANYARD_MASS_CHANGE_GUARD` variable it becomes. `"off"` turns the guard off (Lanyard says so
 * when it starts); an object sets the thresholds, each defaulting to a mid-size company's values.
 */
import * as z from 'zod';
import {
  DEFAULT_TERMINATION_LIMITS as D,
  type MassChangeGuardSettings,
  DEFAULT_RECLAIM_LIMITS as R,
} from '../core/guard/mass-change-guard.ts';

const share = z.number().gt(0).max(1).nullable();

export const MassChangeGuardJson = z.union([
  z.literal('off'),
  z.strictObject({
    terminations: z
      .strictObject({
        /** More than this many terminations within the window are held for an admin. */
        maxCount: z.number().int().min(1).default(D.maxCount),
        windowMinutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .default(D.windowMinutes),
        /** More than this share (0–1) of the Enterprise's licensed members are held; null = no share limit. */
        maxShare: share.default(D.maxShare),
        /** Urgent terminations go ahead up to this many within the window. */
        urgentMaxCount: z.number().int().min(1).default(D.urgentMaxCount),
      })
      .refine((t) => t.urgentMaxCount >= t.maxCount, 'urgentMaxCount must be at least maxCount')
      .default({
        maxCount: D.maxCount,
        windowMinutes: D.windowMinutes,
        maxShare: D.maxShare,
        urgentMaxCount: D.urgentMaxCount,
      }),
    /** A sweep (auto or ask-first) reclaiming more seats than this waits for an admin's approval. */
    reclaims: z
      .strictObject({
        maxCount: z.number().int().min(1).default(R.maxCount),
        /** More than this share (0–1) of the licensed members waits; null = no share limit. */
        maxShare: share.default(R.maxShare),
      })
      .default({ maxCount: R.maxCount, maxShare: R.maxShare }),
  }),
]);
export type MassChangeGuardJson = z.infer<typeof MassChangeGuardJson>;

export function guardSettingsOf(json: MassChangeGuardJson): MassChangeGuardSettings {
  return json === 'off'
    ? { mode: 'off' }
    : { mode: 'on', terminations: json.terminations, reclaims: json.reclaims };
}
