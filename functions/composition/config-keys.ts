/**
 * Environment variable names of the runtime config. The CDK stack and the local runtime import
 * these, so the names cannot drift between where they are set and where they are read.
 */
export const ConfigKeys = {
  tableName: 'LANYARD_TABLE_NAME',
  dynamodbEndpoint: 'LANYARD_DYNAMODB_ENDPOINT',
  sfnEndpoint: 'LANYARD_SFN_ENDPOINT',
  eventsEndpoint: 'LANYARD_EVENTS_ENDPOINT',
  eventBusName: 'LANYARD_EVENT_BUS_NAME',
  trelloApiBaseUrl: 'LANYARD_TRELLO_API_BASE_URL',
  trelloEnterpriseId: 'LANYARD_TRELLO_ENTERPRISE_ID',
  trelloDefaultWorkspaceId: 'LANYARD_TRELLO_DEFAULT_WORKSPACE_ID',
  trelloSecretArn: 'LANYARD_TRELLO_SECRET_ARN',
  trelloApiKey: 'LANYARD_TRELLO_API_KEY',
  trelloApiToken: 'LANYARD_TRELLO_API_TOKEN',
  trelloTimeScale: 'LANYARD_TRELLO_TIME_SCALE',
  /** `dynamodb` (shared by every Lambda) or `memory` (one process: the local runtime). */
  trelloPacer: 'LANYARD_TRELLO_PACER',
  /**
   * Where the Enterprise's users are managed: `trello` (Trello's own seat and deactivation API) or
   * `adminhub` (Atlassian Administration: seats are product access, deactivation the directory's suspend).
   */
  trelloManagementMode: 'LANYARD_TRELLO_MODE',
  /** Atlassian Administration's API base (https://api.atlassian.com) in `adminhub` mode. */
  adminHubBaseUrl: 'LANYARD_ADMINHUB_BASE_URL',
  /** The Atlassian group whose members get Trello product access (a seat) in `adminhub` mode. */
  adminHubTrelloGroupId: 'LANYARD_ADMINHUB_TRELLO_GROUP_ID',
  /** Secrets Manager secret holding the Atlassian Administration API key JSON `{apiKey, orgId, directoryId}`. */
  adminHubSecretArn: 'LANYARD_ADMINHUB_SECRET_ARN',
  /** The same JSON in the environment (local runs). */
  adminHubCredentials: 'LANYARD_ADMINHUB_CREDENTIALS',
  departmentWorkspaces: 'LANYARD_DEPARTMENT_WORKSPACES',
  newUserPolicy: 'LANYARD_NEW_USER_POLICY',
  /** What a leave of absence does: keep, suspend-sign-in, free-seat (core/lifecycle/apply-leave.ts). */
  leavePolicy: 'LANYARD_LEAVE_POLICY',
  /** `true`: a leave start asks admins before the policy's change (core/lifecycle/leave-approval.ts). */
  leaveApproval: 'LANYARD_LEAVE_APPROVAL',
  startLeadMinutes: 'LANYARD_START_LEAD_MINUTES',
  firstLoginWaitHours: 'LANYARD_FIRST_LOGIN_WAIT_HOURS',
  approvalTimeoutHours: 'LANYARD_APPROVAL_TIMEOUT_HOURS',
  consoleUrl: 'LANYARD_CONSOLE_URL',
  /** SNS topic admins are notified on (e-mail subscriptions). */
  notifyTopicArn: 'LANYARD_NOTIFY_TOPIC_ARN',
  /** Secrets Manager secret holding a Slack incoming webhook: JSON `{ "webhookUrl": "https://hooks.slack.com/…" }`. */
  slackSecretArn: 'LANYARD_SLACK_SECRET_ARN',
  /** `token` (bearer tokens checked against LANYARD_ADMIN_TOKENS) or `gateway` (API Gateway's JWT/IAM authorizer). */
  adminAuth: 'LANYARD_ADMIN_AUTH',
  /** JSON `[{ "who": "<email>", "sha256": "<hex of the token>" }]`: the server keeps hashes only. */
  adminTokens: 'LANYARD_ADMIN_TOKENS',
  /** Standard Webhooks secrets (`whsec_…`), space-separated; two while rotating. */
  webhookSecrets: 'LANYARD_WEBHOOK_SECRETS',
  /** The same, from Secrets Manager: JSON `{ "current": "…", "previous"?: "…" }`. */
  webhookSecretArn: 'LANYARD_WEBHOOK_SECRET_ARN',
  /** `true`: the manager of an approval's subject may not decide it either. */
  approvalExcludeManager: 'LANYARD_APPROVAL_EXCLUDE_MANAGER',
  /** Where the console sends people to sign in (Cognito hosted UI) on AWS. */
  consoleLoginUrl: 'LANYARD_CONSOLE_LOGIN_URL',
  /** Where the admin function finds the console's files (beside its bundle on Lambda). */
  consoleDir: 'LANYARD_CONSOLE_DIR',
  /** Which identity provider offboarding cuts off: `none`, `okta`, `entra`, `google`, `atlassian`, `scim`. */
  idpKind: 'LANYARD_IDP_KIND',
  /** The provider's API base URL (e.g. https://acme.okta.com, https://graph.microsoft.com/v1.0). */
  idpBaseUrl: 'LANYARD_IDP_BASE_URL',
  /** IdP credentials as JSON (local runs); on AWS use LANYARD_IDP_SECRET_ARN. */
  idpCredentials: 'LANYARD_IDP_CREDENTIALS',
  /** Secrets Manager secret holding the IdP credentials JSON. */
  idpSecretArn: 'LANYARD_IDP_SECRET_ARN',
  /** `sign-in` (default: the narrowest cut that stops SSO into Trello) or `account` (after an approval). */
  idpScope: 'LANYARD_IDP_SCOPE',
  /**
   * The IdP org's request rate, per minute, that every IdP call is paced to (reconciliation reads,
   * cuts first); unset = the provider's published default (functions/adapters/idp/idp-rate-limits.ts).
   */
  idpRequestsPerMinute: 'LANYARD_IDP_REQUESTS_PER_MINUTE',
  /** Shrinks the IdP's rate windows for Lanyard's pacer, to match a time-scaled simulator (local stack). */
  idpTimeScale: 'LANYARD_IDP_TIME_SCALE',
  /** Trello member id who takes over a leaver's sole-admin boards when their manager cannot. */
  boardSuccessorFallback: 'LANYARD_BOARD_SUCCESSOR_FALLBACK',
  /** Seconds from when a leaver's access is due to end until each cut must be read back (the SLO). */
  cutSloSeconds: 'LANYARD_CUT_SLO_SECONDS',
  /** The same for terminations marked `urgent`. */
  urgentCutSloSeconds: 'LANYARD_URGENT_CUT_SLO_SECONDS',
  /** How long an access cut keeps trying through outages before the run says `access-remains`. */
  cutKeepTryingHours: 'LANYARD_CUT_KEEP_TRYING_HOURS',
  /** The mass-change guard: `"off"` or JSON `{ "terminations": { maxCount, windowMinutes, maxShare, urgentMaxCount } }`. */
  massChangeGuard: 'LANYARD_MASS_CHANGE_GUARD',
  /** `emf` (CloudWatch Embedded Metric Format on stdout) or `log` (a log line; the local stack). */
  metrics: 'LANYARD_METRICS',
  /** The onboarding state machine, so offboarding can stop a leaver's onboarding still in flight. */
  onboardingStateMachineArn: 'LANYARD_ONBOARDING_STATE_MACHINE_ARN',
  /** The offboarding state machine, which the admin API starts again when an admin retries a run. */
  offboardingStateMachineArn: 'LANYARD_OFFBOARDING_STATE_MACHINE_ARN',
  /** The idle-seat sweep state machine, which the admin API starts on request. */
  sweepStateMachineArn: 'LANYARD_SWEEP_STATE_MACHINE_ARN',
  /** The drift reconciliation state machine, which the admin API starts on request. */
  reconciliationStateMachineArn: 'LANYARD_RECONCILIATION_STATE_MACHINE_ARN',
  /** The leave-approval state machine, which a leave start starts when its change needs approval. */
  leaveApprovalStateMachineArn: 'LANYARD_LEAVE_APPROVAL_STATE_MACHINE_ARN',
  /** A licensed member not active for this many days is idle. */
  sweepInactiveDays: 'LANYARD_SWEEP_INACTIVE_DAYS',
  /** People onboarded (hired/rehired) within this many days are never swept. */
  sweepGraceDays: 'LANYARD_SWEEP_GRACE_DAYS',
  /** JSON array of emails the sweep never reclaims (service accounts, executives…). */
  sweepAllowList: 'LANYARD_SWEEP_ALLOW_LIST',
  /** Days an ask-first sweep gives idle members to answer "keep my seat". */
  sweepAnswerDays: 'LANYARD_SWEEP_ANSWER_DAYS',
  /** Sender of mail to people (ask-first sweeps): a verified SES identity on AWS. */
  mailFrom: 'LANYARD_MAIL_FROM',
  /** Local stack only: mail to people goes to this JSON-lines file instead of SES. */
  mailOutboxFile: 'LANYARD_MAIL_OUTBOX_FILE',
  /**
   * Whose credentials the AWS SDK clients sign with: unset = the SDK's default chain (on Lambda, the
   * function's role); `invocation` = an identity naming the function being invoked, which the
   * local stack's endpoints check against that function's role policies (set by the local stack only).
   */
  awsIdentity: 'LANYARD_AWS_IDENTITY',
} as const;

export type ConfigKey = (typeof ConfigKeys)[keyof typeof ConfigKeys];
