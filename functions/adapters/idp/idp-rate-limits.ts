/**
 * Each identity provider's published request rate, as the window Lanyard paces its IdP calls to
 * (reads and cuts share it; cuts go first). From reference/idp/NOTES.md; where the provider leaves
 * the figure to the org's plan or publishes none, the default below is a guess marked UNVERIFIED,
 * and `LANYARD_IDP_REQUESTS_PER_MINUTE` (deploy config `offboarding.idp.requestsPerMinute`) sets
 * the org's own. Okta's and Atlassian's rate-limit headers lower it further at run time
 * (idp-pacing.ts).
 */
import type { IdpKind } from '../../ports/identity-provider.ts';

export interface IdpRateLimit {
  max: number;
  windowMs: number;
}

const MINUTE = 60_000;

export const IDP_RATE_LIMITS: Record<IdpKind, IdpRateLimit> = {
  // NOTES §2: per minute, per endpoint, org-wide, and by plan: POST/PUT/DELETE /api/v1/users/{id}
  // 600/min (One App, Enterprise, Workforce Identity; 100 on free developer orgs), GET
  // /api/v1/users/{idOrLogin} from 100 (free developer) to 1,000–2,000, "most other /api/v1"
  // 600–1,200. One window for every call at the lowest paid-plan figure; UNVERIFIED for a given
  // org (NOTES: "check the org's rate-limit dashboard") — X-Rate-Limit-Limit lowers it.
  okta: { max: 600, windowMs: MINUTE },
  // NOTES §4: 2,400 queries per minute per user per Google Cloud project (the Directory API default).
  google: { max: 2_400, windowMs: MINUTE },
  // NOTES §3: the write quota, 3,000 requests per 2 min 30 s per app and tenant, binds first; reads
  // draw on 3,500 resource units per 10 s (the smallest tenants; a user read's cost: UNVERIFIED).
  entra: { max: 3_000, windowMs: 150_000 },
  // NOTES §1.4: "all requests are rate limited", no figure published: UNVERIFIED guess, lowered at
  // run time by X-RateLimit-Limit.
  atlassian: { max: 600, windowMs: MINUTE },
  // NOTES §5: provider-defined: UNVERIFIED guess; set the target's own figure in config.
  scim: { max: 600, windowMs: MINUTE },
};

/**
 * The window to pace `kind` to: the org's configured requests per minute when set, else the
 * published default; `timeScale` shrinks the window to match a time-scaled simulator.
 */
export function idpRateLimitOf(kind: IdpKind, requestsPerMinute: number | null, timeScale = 1): IdpRateLimit {
  const limit =
    requestsPerMinute === null ? IDP_RATE_LIMITS[kind] : { max: requestsPerMinute, windowMs: MINUTE };
  return { max: limit.max, windowMs: limit.windowMs * timeScale };
}
