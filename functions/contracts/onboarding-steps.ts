/** Payloads and results of the onboarding steps: what crosses the state machine ↔ Lambda edge. */
import * as z from 'zod';
import { OnboardingPaths } from '../core/model/onboarding-paths.ts';
import { RunStatuses } from '../core/model/run-statuses.ts';
import { LifecycleEventDetail } from './hr-event.ts';

const isoInstant = z.iso.datetime({ offset: true });
const memberId = z
  .string()
  .regex(/^[0-9a-fA-F]{24}$/)
  .nullable();

export const RunContext = z.object({
  runId: z.string().min(1),
  executionName: z.string().min(1),
  actor: z.string().min(1),
  dryRun: z.boolean(),
  person: z.object({
    id: z.string().min(1),
    email: z.email(),
    fullName: z.string().min(1),
    department: z.string().nullable(),
    managerEmail: z.email().nullable(),
  }),
});

export const RunOnly = z.object({ run: RunContext });
export const RunAndMember = z.object({ run: RunContext, memberId });

export const BeginOnboardingInput = z.object({
  detail: LifecycleEventDetail,
  executionName: z.string().min(1),
});
export const BeginOnboardingOutput = z.object({
  proceed: z.boolean(),
  reason: z.string(),
  run: RunContext,
  startAt: isoInstant,
  firstLoginDeadline: isoInstant,
  /** A rehire gets their identity-provider access back before Trello's. */
  rehire: z.boolean(),
});

export const MemberDecision = z.object({ path: z.enum(OnboardingPaths), memberId, reason: z.string() });
export const MemberIdResult = z.object({ memberId });

export const CheckFirstLoginInput = z.object({
  run: RunContext,
  deadline: isoInstant,
  /** The wait before this check; the next one is twice as long, up to `maxWaitSeconds`. */
  waitedSeconds: z.number().int().min(0),
  firstWaitSeconds: z.number().int().positive(),
  maxWaitSeconds: z.number().int().positive(),
});
export const CheckFirstLoginOutput = z.object({
  status: z.enum(['logged-in', 'waiting', 'gave-up']),
  waitSeconds: z.number().int().min(0),
});

/** A Workspace whose membership restrictions refused the person, and what an admin can do. */
export const WorkspaceRefusal = z.object({
  workspaceId: z.string().min(1),
  restriction: z.enum(['email-domain', 'managed-only', 'unknown']),
  detail: z.string(),
});

export const EnsureWorkspacesOutput = z.object({
  added: z.array(z.string()),
  /** Refused by the Workspace's restrictions: not retried, reported by Verify and Finish. */
  refused: z.array(WorkspaceRefusal).default([]),
});

/** Verify Onboarding gets what Ensure Workspaces could not do, so it does not wait for it. */
export const VerifyOnboardingInput = z.object({
  run: RunContext,
  refused: z.array(WorkspaceRefusal).default([]),
});

export const OnboardingResult = z.object({
  outcome: z.enum(['licensed', 'invited', 'dry-run']),
  memberId,
  detail: z.string(),
  /** What an admin must still do by hand (refused Workspaces); empty when nothing is missing. */
  gaps: z.array(z.string()).default([]),
});

/** How a run reached Finish: a verified result, a caught error (`{Error, Cause}`), or the first-login wait ending. */
export const OnboardingEnd = z.union([
  OnboardingResult,
  z.object({ Error: z.string(), Cause: z.string().nullish() }),
  z.object({ gaveUp: z.literal(true) }),
]);
export const FinishOnboardingInput = z.object({ run: RunContext, end: OnboardingEnd });
export const FinishOnboardingOutput = z.object({
  status: z.enum(RunStatuses),
  outcome: z.string(),
  failed: z.boolean(),
});

export const AskForSeatsInput = z.object({
  run: RunContext,
  attempt: z.number().int().min(1),
  taskToken: z.string().min(1),
});
export const AskForSeatsOutput = z.object({
  approvalId: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'expired']),
});
