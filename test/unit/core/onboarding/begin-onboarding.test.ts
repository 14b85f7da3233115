/** beginOnboarding: claims the hire and says when to start (the lead before `effectiveAt`, or now). */
import { describe, expect, it } from 'vitest';
import { beginOnboarding } from '../../../../functions/core/onboarding/begin-onboarding.ts';
import type { OnboardingSettings } from '../../../../functions/core/onboarding/onboarding-settings.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { anEvent, fixedClock, NOW } from '../../../support/run-builders.ts';

const SETTINGS: OnboardingSettings = {
  defaultWorkspaceId: 'ws-default',
  departmentWorkspaces: {},
  newUserPolicy: 'invite',
  startLeadMinutes: 60,
  firstLoginWaitHours: 48,
  approvalTimeoutHours: 72,
  consoleUrl: null,
};

function prepare() {
  const records = inMemoryRecords();
  return { records, deps: { ...records, clock: fixedClock(), onboarding: SETTINGS } };
}

describe('beginOnboarding', () => {
  it('claims the hire and starts an hour before the hire takes effect', async () => {
    // Prepare
    const { records, deps } = prepare();
    const hire = anEvent({ effectiveAt: '2026-12-08T09:00:00.000Z' });
    // Act
    const begun = await beginOnboarding(hire, 'exec-hire', deps);
    // Assess
    expect(begun).toMatchObject({
      proceed: true,
      startAt: '2026-12-08T08:00:00.000Z',
      firstLoginDeadline: '2026-12-10T08:00:00.000Z',
      rehire: false,
      run: { runId: expect.any(String), actor: 'hr:evt-hire', person: { id: 'E1001' } },
    });
    expect(await records.people.getProfile('E1001')).toMatchObject({
      lifecycle: 'onboarding',
      currentRunId: begun.run.runId,
    });
  });

  it('starts a hire already in effect now, and knows a rehire', async () => {
    // Prepare
    const { deps } = prepare();
    const rehire = anEvent({
      id: 'evt-rehire',
      type: 'employee.rehired',
      effectiveAt: '2026-11-01T09:00:00.000Z',
    });
    // Act
    const begun = await beginOnboarding(rehire, 'exec-rehire', deps);
    // Assess
    expect(begun).toMatchObject({ proceed: true, startAt: NOW, rehire: true });
  });

  it('stops a second execution for the same hire', async () => {
    // Prepare
    const { deps } = prepare();
    await beginOnboarding(anEvent(), 'exec-hire', deps);
    // Act
    const again = await beginOnboarding(anEvent(), 'exec-hire-2', deps);
    // Assess
    expect(again.proceed).toBe(false);
  });
});
