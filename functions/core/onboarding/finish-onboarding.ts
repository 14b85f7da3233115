/**
 * Finish Onboarding: every path ends here, so the run record, the person's profile and the admin
 * notification are written in one place.
 * - Verified → `succeeded` (`licensed` / `invited` / `dry-run`); the profile becomes `active`.
 * - Verified with Workspaces whose membership restrictions refused the person → `succeeded-with-gaps`,
 *   admins told once what to settle by hand.
 * - Approval rejected or expired, or no first login in time → `not-provisioned`.
 * - The default Workspace's membership restrictions refused the invitation → `not-provisioned`
 *   (`not-provisioned:workspace-restricted`), admins told once what they can do.
 * - Superseded by a newer event → `superseded`; the profile belongs to the newer run.
 * - Provisioned, and the record says on leave (a leave start applied before the onboarding ended)
 *   → the leave policy's change is made now, as that leave's run (apply-leave.ts
 *   `applyRecordedLeave`): the person never keeps access HR order says they lost.
 * - Any other error → `failed`, admins notified; the workflow then fails so alarms see it.
 */

import { withdrawOpenApprovals } from '../approvals/withdraw-open-approvals.ts';
import { ErrorNames } from '../errors.ts';
import { applyRecordedLeave, type LeaveDeps } from '../lifecycle/apply-leave.ts';
import { causeMessage, releaseLifecycle } from '../lifecycle/release-lifecycle.ts';
import type { RunStatus } from '../model/run-statuses.ts';
import { confirmPendingChanges, type RunContext } from '../run-context.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';
import type { OnboardingResult } from './verify-onboarding.ts';

/** How the run reached the finish: a verified result, a caught error, or the first-login wait running out. */
export type OnboardingEnd = OnboardingResult | { Error: string; Cause?: string | null } | { gaveUp: true };

export interface FinishResult {
  status: RunStatus;
  outcome: string;
  /** True when the workflow must end in a Fail state (alarms count failed executions). */
  failed: boolean;
}

/** A recorded leave is applied here too (its IdP or Trello change), so the finish needs both. */
export type FinishOnboardingDeps = OnboardingDeps<'people' | 'runs' | 'audit' | 'approvals'> &
  Pick<LeaveDeps, 'idp' | 'leavePolicy' | 'leaveApproval'>;

export async function finishOnboarding(
  run: RunContext,
  end: OnboardingEnd,
  deps: FinishOnboardingDeps,
): Promise<FinishResult> {
  const { status, outcome, summary } = classify(run, end);
  const provisioned = (status === 'succeeded' || status === 'succeeded-with-gaps') && !run.dryRun;
  if (provisioned) await confirmPendingChanges(run, deps, 'the Verify Onboarding read-back');
  const now = deps.clock.now().toISOString();
  await deps.runs.finishRun(run.runId, { status, outcome, summary, finishedAt: now });

  if (!run.dryRun && status !== 'superseded') {
    const memberId = 'memberId' in end ? end.memberId : null;
    await releaseLifecycle(run, deps, now, (profile) => ({
      lifecycle:
        status === 'succeeded' || status === 'succeeded-with-gaps'
          ? 'active'
          : status === 'failed'
            ? profile.lifecycle
            : 'not-provisioned',
      trelloMemberId: memberId ?? profile.trelloMemberId,
    }));
  }
  // After the release, so a leave start applied from now on finds them `active` and applies
  // itself; one recorded before is applied here (a failure there is its own run's, notified).
  if (provisioned) await applyRecordedLeave(run.person.id, deps);
  // A re-run may finish without the approval an earlier attempt asked for (seats appeared meanwhile).
  await withdrawOpenApprovals(run.runId, deps, now, 'The run finished without it');
  if (status === 'failed' || status === 'not-provisioned' || status === 'succeeded-with-gaps') {
    const ended =
      status === 'failed'
        ? 'failed'
        : status === 'not-provisioned'
          ? 'ended without access'
          : 'needs an admin: some Workspaces refused them';
    await deps.notifier.notify({
      kind: status === 'failed' ? 'run-failed' : 'run-finished',
      title: `Onboarding of ${run.person.fullName} (${run.person.email}) ${ended}`,
      body: `${summary}${deps.onboarding.consoleUrl ? ` — see ${deps.onboarding.consoleUrl}#/runs/${encodeURIComponent(run.runId)}` : ''}`,
      runId: run.runId,
      approvalId: null,
    });
  }
  return { status, outcome, failed: status === 'failed' };
}

function classify(
  run: RunContext,
  end: OnboardingEnd,
): { status: RunStatus; outcome: string; summary: string } {
  if ('outcome' in end) {
    const gaps = end.gaps ?? [];
    return {
      status: gaps.length > 0 && end.outcome !== 'dry-run' ? 'succeeded-with-gaps' : 'succeeded',
      outcome: end.outcome,
      summary: end.detail,
    };
  }
  if ('gaveUp' in end) {
    return {
      status: 'not-provisioned',
      outcome: 'not-provisioned:no-first-login',
      summary: `${run.person.email} never logged in to Trello within the wait; no seat was spent`,
    };
  }
  const message = causeMessage(end.Cause);
  switch (end.Error) {
    case ErrorNames.ApprovalRejected:
      return {
        status: 'not-provisioned',
        outcome: 'not-provisioned:rejected',
        summary: `Seat request rejected${message ? `: ${message}` : ''}`,
      };
    case ErrorNames.ApprovalExpired:
    case ErrorNames.Timeout:
      return {
        status: 'not-provisioned',
        outcome: 'not-provisioned:approval-expired',
        summary: 'Nobody decided the seat request before it expired',
      };
    case ErrorNames.WorkspaceRestricted:
      return {
        status: 'not-provisioned',
        outcome: 'not-provisioned:workspace-restricted',
        summary: message ?? "The default Workspace's membership restrictions refused the invitation",
      };
    case ErrorNames.RunSuperseded:
      return {
        status: 'superseded',
        outcome: 'superseded',
        summary: message ?? 'A newer HR event took over',
      };
    default:
      return {
        status: 'failed',
        outcome: `failed:${end.Error}`,
        summary: `${end.Error}${message ? `: ${message}` : ''}`,
      };
  }
}
