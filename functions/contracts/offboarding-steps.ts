/** Payloads and results of the offboarding steps: what crosses the state machine ↔ Lambda edge. */
import * as z from 'zod';
import { RunStatuses } from '../core/model/run-statuses.ts';
import { LifecycleEventDetail } from './hr-event.ts';
import { RunContext } from './onboarding-steps.ts';

const isoInstant = z.iso.datetime({ offset: true });
const memberId = z.string().regex(/^[0-9a-fA-F]{24}$/);

export const BeginOffboardingInput = z.object({
  detail: LifecycleEventDetail,
  executionName: z.string().min(1),
});
/** When the access cuts became due, the SLO they are held to, and until when they keep trying. */
export const CutClock = z.object({
  effectiveAt: isoInstant,
  dueAt: isoInstant,
  sloSeconds: z.number().int().positive(),
  giveUpAt: isoInstant,
});

export const BeginOffboardingOutput = z.object({
  proceed: z.boolean(),
  reason: z.string(),
  run: RunContext,
  startAt: isoInstant,
  cutClock: CutClock,
  /** What the IdP part of the run does: nothing, the sign-in cut, or that plus an approved account-wide cut. */
  idpPlan: z.enum(['none', 'sign-in', 'account']),
  quarantine: z.object({ batchId: z.string(), opened: z.boolean() }).nullable(),
  next: z.enum(['settle', 'hold', 'stop', 'wait', 'cut']),
});

export const HoldOffboardingInput = z.object({
  run: RunContext,
  batchId: z.string().min(1),
  opened: z.boolean(),
  taskToken: z.string().min(1),
});
export const HoldOffboardingOutput = z.object({});

export const BoardRef = z.object({ id: z.string().min(1), name: z.string() });

export const HandOverBoardOutput = z.object({
  boardId: z.string(),
  boardName: z.string(),
  handedOver: z.boolean(),
  detail: z.string(),
});

export const PlanOffboardingInput = z.object({ run: RunContext, memberId: memberId.nullable() });
export const LeaverPlan = z.object({
  memberId: memberId.nullable(),
  successorId: memberId.nullable(),
  successorSource: z.enum(['manager', 'fallback', 'none']),
  boards: z.array(BoardRef),
  publicBoards: z.array(BoardRef.extend({ url: z.string().nullable() })),
  /** Why the boards were not checked (the plan failed after its retries); null when they were. */
  unchecked: z.string().nullable(),
  /** The boards Plan Handover handed over itself; `boards` are those left to the Map. */
  handedOver: z.array(HandOverBoardOutput),
});

export const HandOverBoardInput = z.object({
  run: RunContext,
  board: BoardRef,
  leaverId: memberId,
  successorId: memberId.nullable(),
});

export const LeaverMemberInput = z.object({ run: RunContext, memberId: memberId.nullable() });
export const DeactivateMemberInput = z.object({ run: RunContext, clock: CutClock });
/** `gave-up`: the workflow stopped trying after the cut's keep-trying window (set by the state machine). */
export const DeactivateMemberOutput = z.object({
  result: z.enum(['deactivated', 'already', 'no-account', 'adminhub-managed', 'planned', 'gave-up']),
  memberId: memberId.nullable(),
});

export const NoteCutDelayInput = z.object({
  run: RunContext,
  cut: z.enum(['trello', 'idp']),
  clock: CutClock,
  /** The cut's failure as Step Functions caught it. */
  error: z.object({ Error: z.string(), Cause: z.string().nullish() }),
});
export const NoteCutDelayOutput = z.object({
  attempt: z.number().int().positive(),
  waitSeconds: z.number().int().min(0),
  giveUp: z.boolean(),
});

export const TokenReview = z.object({
  /** Trello tokens the member still has; null when Trello would not list them. */
  trelloTokens: z.number().int().nullable(),
  atlassianRevoked: z.number().int(),
  needsAdminTask: z.boolean(),
});
/**
 * Review Tokens' answer: the review, and the token task as it stands — `not-needed`, or `pending`
 * until the admin's answer replaces it (`approved` / `rejected`) in the workflow's state.
 */
export const ReviewTokensOutput = TokenReview.extend({ task: z.enum(['not-needed', 'pending']) });

export const RequestAdminApprovalInput = z.object({
  run: RunContext,
  kind: z.enum(['delete-tokens', 'account-deactivation']),
  taskToken: z.string().min(1),
});
export const RequestAdminApprovalOutput = z.object({
  approvalId: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'expired']),
});

/** What the token task became: done by an admin, declined/expired, or not needed. */
export const TokenTaskOutcome = z.enum(['approved', 'rejected', 'not-needed']);
export const VerifyTokensInput = z.object({
  run: RunContext,
  memberId: memberId.nullable(),
  task: TokenTaskOutcome,
  review: TokenReview,
});
export const TokenOutcome = z.object({
  revokedByApi: z.number().int(),
  deletedByAdmin: z.boolean(),
  /** Tokens Trello still lists; null when it cannot be read. */
  remaining: z.number().int().nullable(),
  detail: z.string(),
});

/** `clock` is given for the sign-in cut (timed against the SLO), not for the account-wide one. */
export const DeactivateIdpUserInput = z.object({
  run: RunContext,
  scope: z.enum(['sign-in', 'account']),
  clock: CutClock.nullable().default(null),
});
export const DeactivateIdpUserOutput = z.object({
  result: z.enum(['changed', 'already', 'user-not-found', 'not-configured', 'planned', 'gave-up']),
  userId: z.string().nullable(),
});

export const HandOverResults = z.array(HandOverBoardOutput);

export const VerifyOffboardingInput = z.object({
  run: RunContext,
  leaver: LeaverPlan,
  handover: HandOverResults,
  member: DeactivateMemberOutput,
  tokens: TokenOutcome,
  idp: DeactivateIdpUserOutput,
});
export const OffboardingReport = z.object({
  outcome: z.enum(['offboarded', 'offboarded-with-gaps', 'access-remains', 'dry-run']),
  gaps: z.array(z.string()),
  detail: z.string(),
});

export const OffboardingEnd = z.union([
  OffboardingReport,
  z.object({ Error: z.string(), Cause: z.string().nullish() }),
]);
export const FinishOffboardingInput = z.union([
  z.object({ run: RunContext, end: OffboardingEnd }),
  /** Begin Offboarding failed: the run is rebuilt from the event. */
  z.object({
    detail: LifecycleEventDetail,
    executionName: z.string().min(1),
    end: z.object({ Error: z.string(), Cause: z.string().nullish() }),
  }),
]);
export const FinishOffboardingOutput = z.object({
  status: z.enum(RunStatuses),
  outcome: z.string(),
  failed: z.boolean(),
});
