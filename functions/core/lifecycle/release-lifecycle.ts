/**
 * A run gives the person's lifecycle back when it ends: `currentRunId` cleared and the profile
 * updated — unless a newer run took it meanwhile (then that run owns it and nothing is written).
 */
import type { PersonProfile } from '../../ports/records/people.ts';
import { ConcurrentUpdateError } from '../errors.ts';
import type { RunContext, StepDeps } from '../run-context.ts';

export async function releaseLifecycle(
  run: RunContext,
  deps: Pick<StepDeps, 'people'>,
  now: string,
  change: (profile: PersonProfile) => Partial<Pick<PersonProfile, 'lifecycle' | 'trelloMemberId'>>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const profile = await deps.people.getProfile(run.person.id);
    if (profile === null || profile.currentRunId !== run.runId) return;
    try {
      await deps.people.putProfile(
        { ...profile, ...change(profile), currentRunId: null, updatedAt: now },
        profile.version,
      );
      return;
    } catch (error) {
      // Another writer (an HR profile update) landed between the read and the write: read again.
      if (!(error instanceof ConcurrentUpdateError) || attempt >= 5) throw error;
    }
  }
}

/** Lambda failures carry `{"errorType","errorMessage",…}` as a JSON string in Cause; others a plain string. */
export function causeMessage(cause: string | null | undefined): string | null {
  if (!cause) return null;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // a plain-text cause
  }
  return cause;
}
