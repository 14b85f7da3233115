/**
 * Named Retry policies. ErrorEquals values come from core/errors (class names), never typed as
 * strings here, so a renamed error breaks the build instead of silently not matching.
 * Validation, not-found, auth and business errors are never retried.
 */
import { Duration, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { ErrorNames } from '../../functions/core/errors.ts';

export interface RetryPolicy extends sfn.RetryProps {
  readonly name: string;
}

/** Trello said 429 even though calls are paced: wait long, spread callers (full jitter). */
export const rateLimited: RetryPolicy = {
  name: 'rateLimited',
  errors: [ErrorNames.TrelloRateLimited],
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxAttempts: 6,
  maxDelay: Duration.seconds(120),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * Trello's rate limit is booked beyond what the step may wait inside its Lambda: it gave up its
 * turn without sending and comes back later. Under a layoff-sized burst this lasts minutes, so
 * it is tried for about an hour.
 */
export const trelloBusy: RetryPolicy = {
  name: 'trelloBusy',
  errors: [ErrorNames.TrelloBusy],
  interval: Duration.seconds(5),
  backoffRate: 1.5,
  maxAttempts: 60,
  maxDelay: Duration.seconds(60),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * Lambda refused the invocation for lack of concurrency (a burst). CDK's service-exception retry
 * does not cover it; every Task gets this one.
 */
export const lambdaThrottled: RetryPolicy = {
  name: 'lambdaThrottled',
  errors: [ErrorNames.LambdaThrottled],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxAttempts: 10,
  maxDelay: Duration.seconds(60),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * A step's Lambda ran past its timeout (a slow dependency, a starved burst): every step is safe to
 * run again, so it is, after a pause that spreads a burst out — an offboarding must not end failed,
 * its leaver keeping access, because one invocation was slow. Every Task gets this one.
 */
export const lambdaTimedOut: RetryPolicy = {
  name: 'lambdaTimedOut',
  errors: [ErrorNames.LambdaTimedOut],
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxAttempts: 3,
  maxDelay: Duration.seconds(60),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * DynamoDB throttled a step's records past the SDK's own few attempts (a burst on one partition).
 * Throttling passes, and every step is safe to run again, so it is, after a pause that spreads the
 * burst out. Without it a throttled Finish step ended the execution with its run still recorded
 * `running` (test/integration/reliability/workflow-faults.test.ts). Every Task gets this one.
 */
export const recordsThrottled: RetryPolicy = {
  name: 'recordsThrottled',
  errors: [ErrorNames.RecordsThroughputExceeded, ErrorNames.RecordsThrottled],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxAttempts: 6,
  maxDelay: Duration.seconds(30),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * The steps that record a run and have nothing behind them — every Finish step (it records the
 * outcome and notifies admins, and nothing catches its own failure) and the Begin steps of the
 * batch runs after they created theirs: when they cannot run, the execution ends while the run
 * stays recorded `running`, never notified nor retryable. So a slow, throttled Lambda or DynamoDB
 * throttling is tried again for about an hour (as Begin Offboarding is), not a few times: these
 * steps are safe to run again. It starts as soon as the defaults would (1 s) and grows to two
 * minutes: about an hour in all, halved on average by the jitter. Listed before the defaults of
 * every Task, so it is the one that matches. Past that the run is still stranded (RELIABILITY.md
 * "Known limits").
 */
export const recordingPersists: RetryPolicy = {
  name: 'recordingPersists',
  errors: [
    ErrorNames.LambdaTimedOut,
    ErrorNames.LambdaThrottled,
    ErrorNames.RecordsThroughputExceeded,
    ErrorNames.RecordsThrottled,
  ],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxAttempts: 60,
  maxDelay: Duration.seconds(120),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * Begin Offboarding is what both access cuts wait for, and a run that ends there ends with its
 * leaver keeping access. A slow or throttled invocation (a layoff on a starved account) is
 * therefore tried again for about an hour (two of nominal backoff, halved on average by the
 * jitter), not three times: Begin is safe to run again. Listed before the defaults of every Task,
 * so it is the one that matches.
 */
export const beginPersists: RetryPolicy = {
  name: 'beginPersists',
  errors: [ErrorNames.LambdaTimedOut, ErrorNames.LambdaThrottled],
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxAttempts: 60,
  maxDelay: Duration.seconds(120),
  jitterStrategy: sfn.JitterType.FULL,
};

/** Trello or the IdP timed out or answered 5xx. */
export const transientUpstream: RetryPolicy = {
  name: 'transientUpstream',
  errors: [ErrorNames.TrelloUnavailable],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 5,
  maxDelay: Duration.seconds(60),
  jitterStrategy: sfn.JitterType.FULL,
};

/** Two writers raced on one record; the loser reads again. */
export const recordConflict: RetryPolicy = {
  name: 'recordConflict',
  errors: [ErrorNames.ConcurrentUpdate],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxAttempts: 4,
  jitterStrategy: sfn.JitterType.FULL,
};

/** Trello is eventually consistent after a write: read back again a little later. */
export const notYetVisible: RetryPolicy = {
  name: 'notYetVisible',
  errors: [ErrorNames.ProvisioningNotVerified],
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxAttempts: 3,
};

/** Every step that talks to Trello and the records. */
export const trelloStepRetries: readonly RetryPolicy[] = [
  rateLimited,
  trelloBusy,
  transientUpstream,
  recordConflict,
];

/** The mail service (SES) is throttling or failing for now. */
export const mailUnavailable: RetryPolicy = {
  name: 'mailUnavailable',
  errors: [ErrorNames.MailUnavailable],
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxAttempts: 5,
  maxDelay: Duration.seconds(120),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * The IdP said slow down (Okta/Graph/Atlassian 429, Google 403 userRateLimitExceeded). Their
 * windows are about a minute (reference/idp/NOTES.md): back off long, spread callers.
 */
export const idpRateLimited: RetryPolicy = {
  name: 'idpRateLimited',
  errors: [ErrorNames.IdpRateLimited],
  interval: Duration.seconds(10),
  backoffRate: 2,
  maxAttempts: 6,
  maxDelay: Duration.seconds(300),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * The IdP's rate limit, as Lanyard paces it, is booked beyond what the step may wait inside its
 * Lambda (IdpBusyError: nothing was sent). A reconciliation's reads give way to a layoff's cuts
 * for as long as those take at the provider's rate (1,000 Okta sign-in cuts: about 10 minutes),
 * so, like trelloBusy, it is tried for about an hour; a doubling pause up to two minutes keeps
 * the waiting steps from calling their Lambdas several times a slot.
 */
export const idpBusy: RetryPolicy = {
  name: 'idpBusy',
  errors: [ErrorNames.IdpBusy],
  interval: Duration.seconds(10),
  backoffRate: 2,
  maxAttempts: 35,
  maxDelay: Duration.seconds(120),
  jitterStrategy: sfn.JitterType.FULL,
};

/** The IdP timed out or answered 5xx. */
export const idpUnavailable: RetryPolicy = {
  name: 'idpUnavailable',
  errors: [ErrorNames.IdpUnavailable],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 5,
  maxDelay: Duration.seconds(60),
  jitterStrategy: sfn.JitterType.FULL,
};

/** Every step that talks to the identity provider and the records. */
export const idpStepRetries: readonly RetryPolicy[] = [
  idpRateLimited,
  idpBusy,
  idpUnavailable,
  recordConflict,
];

/**
 * An access cut's own quick retry, for blips; a longer outage goes to the cut's loop (Note Cut
 * Delay, workflows/offboarding/access-cut-loop.ts), which records every try and never gives up
 * quietly. Not for IdpBusy: the IdP pacer refused without sending, and its queue lasts minutes in
 * a layoff (Okta's 600 calls a minute), so a quick retry would only be refused again; the loop
 * waits for the turn in that queue the pacer gave the cut (idp-pacing.ts).
 */
export const cutBlip: RetryPolicy = {
  name: 'cutBlip',
  errors: [
    ErrorNames.TrelloRateLimited,
    ErrorNames.TrelloBusy,
    ErrorNames.TrelloUnavailable,
    ErrorNames.IdpRateLimited,
    ErrorNames.IdpUnavailable,
    ErrorNames.ProvisioningNotVerified,
    ErrorNames.ConcurrentUpdate,
  ],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 2,
  jitterStrategy: sfn.JitterType.FULL,
};
