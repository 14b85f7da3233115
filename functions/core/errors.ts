/**
 * Named domain errors. The name is the contract: Step Functions matches `Retry`/`Catch`
 * `ErrorEquals` against the error name a Lambda step throws, so renaming one is an API change.
 * Workflows import these names (never string literals) through `ErrorNames`.
 *
 * Each class writes its name as a literal, equal to the class's own name (a unit test holds them
 * equal): the Lambda bundles are minified without esbuild's `keepNames` (about 16 kB a function),
 * so a name taken from the class at run time would be the minifier's, not the contract.
 *
 * Messages are written for the admin who reads a failed run: what was wrong and what to do.
 * They never carry secrets (Trello key/token, IdP credentials).
 */
export abstract class LanyardError extends Error {
  /** True when trying the same call again later may succeed (rate limits, outages). */
  abstract readonly retryable: boolean;
  /** The class's own name, written out (see above). */
  abstract override readonly name: string;
}

/** Trello answered 429: a key, token or route limit was hit. */
export class TrelloRateLimitedError extends LanyardError {
  override readonly name = 'TrelloRateLimitedError';
  readonly retryable = true;
  constructor(
    message: string,
    /** Which bucket Trello named: API_KEY_LIMIT_EXCEEDED, API_TOKEN_LIMIT_EXCEEDED, MEMBER_LIMIT_EXCEEDED… */
    readonly bucket: string,
  ) {
    super(message);
  }
}

/** Trello is down, timed out, or answered 5xx. */
export class TrelloUnavailableError extends LanyardError {
  override readonly name = 'TrelloUnavailableError';
  readonly retryable = true;
}

/**
 * Trello's rate limit is booked beyond what this step may wait: the workflow tries the step again
 * shortly. Nothing was sent.
 */
export class TrelloBusyError extends LanyardError {
  override readonly name = 'TrelloBusyError';
  readonly retryable = true;
}

/** The Trello key or token is wrong, expired, or lacks Enterprise admin rights. */
export class TrelloAuthFailedError extends LanyardError {
  override readonly name = 'TrelloAuthFailedError';
  readonly retryable = false;
}

/** The member, Workspace, board or token does not exist (or is not visible to the admin token). */
export class TrelloNotFoundError extends LanyardError {
  override readonly name = 'TrelloNotFoundError';
  readonly retryable = false;
}

/** Trello refused the request as invalid (400) or forbidden for a reason Lanyard does not model. */
export class TrelloRequestRejectedError extends LanyardError {
  override readonly name = 'TrelloRequestRejectedError';
  readonly retryable = false;
}

/** Trello answered with a body Lanyard could not parse: the API changed or a proxy interfered. */
export class TrelloResponseInvalidError extends LanyardError {
  override readonly name = 'TrelloResponseInvalidError';
  readonly retryable = false;
}

/** Every purchased license seat is in use: add seats or reclaim idle ones, then retry. */
export class SeatsExhaustedError extends LanyardError {
  override readonly name = 'SeatsExhaustedError';
  readonly retryable = false;
}

/** The Enterprise manages users in Atlassian Administration: Trello's API cannot revoke or deactivate. */
export class AdminHubManagedError extends LanyardError {
  override readonly name = 'AdminHubManagedError';
  readonly retryable = false;
}

/** The member is deactivated in the Enterprise, so it cannot be licensed or added until reactivated. */
export class MemberDeactivatedError extends LanyardError {
  override readonly name = 'MemberDeactivatedError';
  readonly retryable = false;
}

/**
 * A Workspace's membership restrictions (only managed members of the Enterprise, or only allowed
 * email domains) made Trello refuse an invite or an add. Trying again changes nothing: an admin
 * allows the domain, makes the member managed, or adds them by hand.
 */
export class WorkspaceRestrictedError extends LanyardError {
  override readonly name = 'WorkspaceRestrictedError';
  readonly retryable = false;
  constructor(
    message: string,
    /** Which restriction Trello named, when it said; `unknown` when its wording did not tell. */
    readonly restriction: WorkspaceRestriction,
  ) {
    super(message);
  }
}

export type WorkspaceRestriction = 'email-domain' | 'managed-only' | 'unknown';

/** Trello will not leave a board without an admin. */
export class LastBoardAdminError extends LanyardError {
  override readonly name = 'LastBoardAdminError';
  readonly retryable = false;
}

/** A step got input that does not match its contract; nothing was changed. */
export class StepInputInvalidError extends LanyardError {
  override readonly name = 'StepInputInvalidError';
  readonly retryable = false;
}

/** Configuration is missing or invalid; names the setting to fix. */
export class ConfigInvalidError extends LanyardError {
  override readonly name = 'ConfigInvalidError';
  readonly retryable = false;
}

/** Someone else changed the record since it was read; read again and retry. */
export class ConcurrentUpdateError extends LanyardError {
  override readonly name = 'ConcurrentUpdateError';
  readonly retryable = true;
}

/** The approval was already decided, has expired, or does not exist. */
export class ApprovalNotPendingError extends LanyardError {
  override readonly name = 'ApprovalNotPendingError';
  readonly retryable = false;
}

/** A listing got a cursor it did not issue, or a page limit that is not a positive integer. */
export class InvalidPageRequestError extends LanyardError {
  override readonly name = 'InvalidPageRequestError';
  readonly retryable = false;
}

/** No approval has this id. */
export class ApprovalNotFoundError extends LanyardError {
  override readonly name = 'ApprovalNotFoundError';
  readonly retryable = false;
}

/** The caller is the person the approval is about: nobody decides their own access. */
export class SelfApprovalError extends LanyardError {
  override readonly name = 'SelfApprovalError';
  readonly retryable = false;
}

/** A newer HR event for the same person took over their lifecycle; this run stops without changes. */
export class RunSupersededError extends LanyardError {
  override readonly name = 'RunSupersededError';
  readonly retryable = false;
}

/** An admin discarded a termination the mass-change guard held: it is never applied. Sent by SendTaskFailure. */
export class QuarantineDiscardedError extends LanyardError {
  override readonly name = 'QuarantineDiscardedError';
  readonly retryable = false;
}

/** An admin rejected the approval the run waited for. Sent to the waiting step by SendTaskFailure. */
export class ApprovalRejectedError extends LanyardError {
  override readonly name = 'ApprovalRejectedError';
  readonly retryable = false;
}

/** The approval expired before anyone decided it. */
export class ApprovalExpiredError extends LanyardError {
  override readonly name = 'ApprovalExpiredError';
  readonly retryable = false;
}

/** Trello does not show the result Lanyard just asked for; the run must not claim it. */
export class ProvisioningNotVerifiedError extends LanyardError {
  override readonly name = 'ProvisioningNotVerifiedError';
  readonly retryable = true;
}

/** A webhook delivery is not signed by a current secret, or was signed too long ago (or ahead). */
export class WebhookSignatureError extends LanyardError {
  override readonly name = 'WebhookSignatureError';
  readonly retryable = false;
}

/** An admin named an employee Lanyard has no record of. */
export class PersonUnknownError extends LanyardError {
  override readonly name = 'PersonUnknownError';
  readonly retryable = false;
}

/** The leave policy cannot be applied to this person as configured (no IdP, no such user…). */
export class LeaveNotPossibleError extends LanyardError {
  override readonly name = 'LeaveNotPossibleError';
  readonly retryable = false;
}

/** An admin asked to offboard someone already offboarded. */
export class AlreadyOffboardedError extends LanyardError {
  override readonly name = 'AlreadyOffboardedError';
  readonly retryable = false;
}

/** A sweep was asked to change that is not waiting for its approval (or does not exist). */
export class SweepNotAwaitingApprovalError extends LanyardError {
  override readonly name = 'SweepNotAwaitingApprovalError';
  readonly retryable = false;
}

/** A reconciliation was asked to drop fixes while not waiting for its approval (or does not exist). */
export class ReconciliationNotAwaitingApprovalError extends LanyardError {
  override readonly name = 'ReconciliationNotAwaitingApprovalError';
  readonly retryable = false;
}

/** A "keep my seat" link that is malformed, unknown, or does not match what was sent. */
export class KeepLinkInvalidError extends LanyardError {
  override readonly name = 'KeepLinkInvalidError';
  readonly retryable = false;
}

/** A "keep my seat" link answered too late: its deadline passed or the sweep moved on. */
export class KeepLinkExpiredError extends LanyardError {
  override readonly name = 'KeepLinkExpiredError';
  readonly retryable = false;
}

/** The mail service is throttling or failing for now (SES 429/5xx); worth a retry later. */
export class MailUnavailableError extends LanyardError {
  override readonly name = 'MailUnavailableError';
  readonly retryable = true;
}

/** The mail service refused the message for good (unverified sender, suppressed address…). */
export class MailRejectedError extends LanyardError {
  override readonly name = 'MailRejectedError';
  readonly retryable = false;
}

/** The identity provider answered with its rate-limit signal (429, Google 403 userRateLimitExceeded…). */
export class IdpRateLimitedError extends LanyardError {
  override readonly name = 'IdpRateLimitedError';
  readonly retryable = true;
  constructor(
    message: string,
    /** Seconds the provider asked to wait (Retry-After, X-Rate-Limit-Reset), when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * The identity provider's rate limit, as Lanyard paces it, is booked beyond what this step may
 * wait: nothing was sent, and the workflow tries the step again later (IdP pacing:
 * adapters/idp/idp-pacing.ts). Not the provider's own rate-limit answer (IdpRateLimitedError).
 */
export class IdpBusyError extends LanyardError {
  override readonly name = 'IdpBusyError';
  readonly retryable = true;
  constructor(
    message: string,
    /** Seconds until the caller's turn at the IdP (an access cut's queue turn), when known. */
    readonly retryAfterSeconds?: number,
  ) {
    super(
      retryAfterSeconds === undefined
        ? `${message}; it will be tried again shortly`
        : `${message}; its turn comes in ${retryAfterSeconds} s`,
    );
  }

  /**
   * The turn an IdpBusyError's message gave, in seconds. Step Functions hands the next state only
   * the error's name and message (a Lambda error's Cause), so the turn travels in the text.
   */
  static turnInSeconds(message: string | null): number | undefined {
    const turn = message?.match(/; its turn comes in (\d+) s$/)?.[1];
    return turn === undefined ? undefined : Number(turn);
  }
}

/** The identity provider is down, timed out, or answered 5xx. */
export class IdpUnavailableError extends LanyardError {
  override readonly name = 'IdpUnavailableError';
  readonly retryable = true;
}

/** The IdP credentials are wrong, expired, or lack the right to change users. */
export class IdpAuthFailedError extends LanyardError {
  override readonly name = 'IdpAuthFailedError';
  readonly retryable = false;
}

/** The IdP refused the change (400/403/409 that is not a rate limit): e.g. a protected admin user. */
export class IdpRequestRejectedError extends LanyardError {
  override readonly name = 'IdpRequestRejectedError';
  readonly retryable = false;
}

/** The IdP answered with a body Lanyard could not parse. */
export class IdpResponseInvalidError extends LanyardError {
  override readonly name = 'IdpResponseInvalidError';
  readonly retryable = false;
}

/** The error names as Step Functions sees them, for `ErrorEquals` lists. */
export const ErrorNames = {
  TrelloRateLimited: 'TrelloRateLimitedError',
  TrelloUnavailable: 'TrelloUnavailableError',
  TrelloBusy: 'TrelloBusyError',
  TrelloAuthFailed: 'TrelloAuthFailedError',
  TrelloNotFound: 'TrelloNotFoundError',
  TrelloRequestRejected: 'TrelloRequestRejectedError',
  TrelloResponseInvalid: 'TrelloResponseInvalidError',
  SeatsExhausted: 'SeatsExhaustedError',
  AdminHubManaged: 'AdminHubManagedError',
  MemberDeactivated: 'MemberDeactivatedError',
  LastBoardAdmin: 'LastBoardAdminError',
  WorkspaceRestricted: 'WorkspaceRestrictedError',
  StepInputInvalid: 'StepInputInvalidError',
  ConfigInvalid: 'ConfigInvalidError',
  ConcurrentUpdate: 'ConcurrentUpdateError',
  ApprovalNotPending: 'ApprovalNotPendingError',
  RunSuperseded: 'RunSupersededError',
  QuarantineDiscarded: 'QuarantineDiscardedError',
  ApprovalRejected: 'ApprovalRejectedError',
  ApprovalExpired: 'ApprovalExpiredError',
  ProvisioningNotVerified: 'ProvisioningNotVerifiedError',
  WebhookSignature: 'WebhookSignatureError',
  IdpRateLimited: 'IdpRateLimitedError',
  IdpBusy: 'IdpBusyError',
  IdpUnavailable: 'IdpUnavailableError',
  IdpAuthFailed: 'IdpAuthFailedError',
  IdpRequestRejected: 'IdpRequestRejectedError',
  IdpResponseInvalid: 'IdpResponseInvalidError',
  MailUnavailable: 'MailUnavailableError',
  /** Lambda refused the invocation for lack of concurrency (a burst). */
  LambdaThrottled: 'Lambda.TooManyRequestsException',
  /**
   * A Lambda function that ran past its own timeout (the error type Lambda reports; the local
   * runtime reports the same — UNVERIFIED beyond Lambda's logs, infra/local/runtime/lambda-host.ts).
   */
  LambdaTimedOut: 'Sandbox.Timedout',
  /**
   * DynamoDB refused a request over its throughput and the SDK's own retries ran out: the AWS
   * SDK's error names, which reach the Task as the handler's error name.
   */
  RecordsThroughputExceeded: 'ProvisionedThroughputExceededException',
  RecordsThrottled: 'ThrottlingException',
  /** Step Functions' own name for a Task that ran past its TimeoutSeconds. */
  Timeout: 'States.Timeout',
  All: 'States.ALL',
} as const;

/** The same event id arrived with a different body: the first is kept, this one is refused (409). */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError';
  constructor(
    readonly eventId: string,
    message: string,
  ) {
    super(message);
  }
}
