/**
 * Runtime config: the environment, validated once with zod. The same keys are set by the CDK
 * stack on AWS and by the local runtime on one machine; nothing here knows which it is.
 */
import * as z from 'zod';
import { ConfigInvalidError } from '../core/errors.ts';
import type { MassChangeGuardSettings } from '../core/guard/mass-change-guard.ts';
import { LeavePolicies, type LeavePolicy, leaveApprovalConflict } from '../core/lifecycle/leave-policies.ts';
import type { TimeToCutSettings } from '../core/offboarding/cut-clock.ts';
import { NewUserPolicies } from '../core/onboarding-decision.ts';
import { type IdpKind, IdpKinds, type IdpScope } from '../ports/identity-provider.ts';
import { ConfigKeys as K } from './config-keys.ts';
import { guardSettingsOf, MassChangeGuardJson } from './mass-change-guard-config.ts';

const trelloId = (what: string) =>
  z.string().regex(/^[0-9a-fA-F]{24}$/, `${what} must be a 24-character Trello id`);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v), schema.optional());
const number = (fallback: number) => z.coerce.number().positive().default(fallback);

/** Built on the first parse, not when a function starts: a cold start's module init stays short. */
let configSchema: ReturnType<typeof buildConfigSchema> | undefined;

function buildConfigSchema() {
  return z
    .object({
      [K.tableName]: z.string().min(3, 'the DynamoDB table name is required'),
      [K.dynamodbEndpoint]: optional(z.url()),
      [K.sfnEndpoint]: optional(z.url()),
      [K.eventsEndpoint]: optional(z.url()),
      [K.eventBusName]: optional(z.string().min(1)),
      [K.trelloApiBaseUrl]: z.url().default('https://api.trello.com/1'),
      [K.trelloEnterpriseId]: trelloId('The Trello Enterprise id'),
      [K.trelloDefaultWorkspaceId]: optional(trelloId('The default Workspace id')),
      [K.trelloSecretArn]: optional(z.string().startsWith('arn:')),
      [K.trelloApiKey]: optional(z.string().min(1)),
      [K.trelloApiToken]: optional(z.string().min(1)),
      [K.trelloTimeScale]: z.coerce.number().positive().max(1).default(1),
      [K.trelloPacer]: z.enum(['dynamodb', 'memory']).default('dynamodb'),
      [K.trelloManagementMode]: z.enum(TrelloManagementModes).default('trello'),
      [K.adminHubBaseUrl]: z.url().default('https://api.atlassian.com'),
      [K.adminHubTrelloGroupId]: optional(z.string().min(1)),
      [K.adminHubSecretArn]: optional(z.string().startsWith('arn:')),
      [K.adminHubCredentials]: optional(z.string().min(2)),
      [K.departmentWorkspaces]: z
        .string()
        .default('{}')
        .transform((text, ctx) => {
          try {
            return JSON.parse(text) as unknown;
          } catch {
            ctx.addIssue({ code: 'custom', message: 'must be a JSON object of department → Workspace id' });
            return z.NEVER;
          }
        })
        .pipe(z.record(z.string(), trelloId('Each department Workspace id'))),
      [K.newUserPolicy]: z.enum(NewUserPolicies).default('invite'),
      [K.leavePolicy]: z.enum(LeavePolicies).default('keep'),
      [K.leaveApproval]: z.enum(['true', 'false']).default('false'),
      [K.startLeadMinutes]: z.coerce.number().min(0).default(0),
      [K.firstLoginWaitHours]: number(24 * 14),
      [K.approvalTimeoutHours]: number(24 * 7),
      [K.consoleUrl]: optional(z.url()),
      [K.notifyTopicArn]: optional(z.string().startsWith('arn:')),
      [K.slackSecretArn]: optional(z.string().startsWith('arn:')),
      [K.idpKind]: z.enum(['none', ...IdpKinds]).default('none'),
      [K.idpBaseUrl]: optional(z.url()),
      [K.idpCredentials]: optional(z.string().min(2)),
      [K.idpSecretArn]: optional(z.string().startsWith('arn:')),
      [K.idpScope]: z.enum(['sign-in', 'account']).default('sign-in'),
      [K.idpRequestsPerMinute]: optional(
        z.coerce
          .number()
          .int('must be a whole number of requests per minute')
          .min(1, 'must be at least 1 request per minute')
          .max(1_000_000),
      ),
      [K.idpTimeScale]: z.coerce.number().positive().max(1).default(1),
      [K.massChangeGuard]: z
        .string()
        .default('{}')
        .transform((text, ctx) => {
          if (text.trim() === 'off') return 'off';
          try {
            return JSON.parse(text) as unknown;
          } catch {
            ctx.addIssue({
              code: 'custom',
              message: 'must be "off" or JSON { "terminations": { … }, "reclaims": { … } }',
            });
            return z.NEVER;
          }
        })
        .pipe(MassChangeGuardJson),
      [K.cutSloSeconds]: z.coerce
        .number()
        .int()
        .min(1)
        .default(15 * 60),
      [K.urgentCutSloSeconds]: z.coerce.number().int().min(1).default(60),
      [K.cutKeepTryingHours]: z.coerce.number().positive().default(24),
      [K.metrics]: z.enum(['emf', 'log']).default('emf'),
      [K.boardSuccessorFallback]: optional(trelloId('The board successor fallback member id')),
      [K.onboardingStateMachineArn]: optional(z.string().startsWith('arn:')),
      [K.offboardingStateMachineArn]: optional(z.string().startsWith('arn:')),
      [K.sweepStateMachineArn]: optional(z.string().startsWith('arn:')),
      [K.reconciliationStateMachineArn]: optional(z.string().startsWith('arn:')),
      [K.leaveApprovalStateMachineArn]: optional(z.string().startsWith('arn:')),
      [K.sweepInactiveDays]: z.coerce.number().int().min(1).max(3650).default(90),
      [K.sweepGraceDays]: z.coerce.number().int().min(0).max(3650).default(30),
      [K.sweepAnswerDays]: z.coerce.number().int().min(1).max(60).default(7),
      [K.mailFrom]: optional(z.email()),
      [K.mailOutboxFile]: optional(z.string().min(1)),
      [K.sweepAllowList]: z
        .string()
        .default('[]')
        .transform((text, ctx) => {
          try {
            return JSON.parse(text) as unknown;
          } catch {
            ctx.addIssue({ code: 'custom', message: 'must be a JSON array of emails' });
            return z.NEVER;
          }
        })
        .pipe(z.array(z.email().transform((e) => e.toLowerCase()))),
    })
    .refine((c) => c[K.trelloSecretArn] !== undefined || (c[K.trelloApiKey] && c[K.trelloApiToken]), {
      message: `Trello credentials: set ${K.trelloSecretArn} (Secrets Manager) or both ${K.trelloApiKey} and ${K.trelloApiToken}`,
    })
    .refine((c) => c[K.trelloManagementMode] === 'trello' || c[K.adminHubTrelloGroupId] !== undefined, {
      message: `AdminHub: with ${K.trelloManagementMode}=adminhub, also set ${K.adminHubTrelloGroupId} (the Atlassian group that gives Trello access)`,
    })
    .refine(
      (c) =>
        c[K.idpKind] === 'none' ||
        (c[K.idpBaseUrl] !== undefined &&
          (c[K.idpSecretArn] !== undefined || c[K.idpCredentials] !== undefined)),
      {
        message: `Identity provider: with ${K.idpKind} set, also set ${K.idpBaseUrl} and ${K.idpSecretArn} (or ${K.idpCredentials} locally)`,
      },
    )
    .superRefine((c, ctx) => {
      const conflict = leaveApprovalConflict(c[K.leavePolicy], c[K.leaveApproval] === 'true', {
        policy: K.leavePolicy,
        approval: K.leaveApproval,
      });
      if (conflict) ctx.addIssue({ code: 'custom', message: conflict, path: [K.leaveApproval] });
    });
}

/** `trello`: Trello's own seat and deactivation API; `adminhub`: Atlassian Administration's. */
export const TrelloManagementModes = ['trello', 'adminhub'] as const;

export type TrelloManagement =
  | { mode: 'trello' }
  | {
      mode: 'adminhub';
      /** https://api.atlassian.com, or the simulator's URL. */
      baseUrl: string;
      /**
       * The API key JSON `{apiKey, orgId, directoryId}`: a secret on AWS, the JSON itself locally.
       * Null in a function not granted it (only the seat and deactivation steps are).
       */
      credentials: { secretArn: string } | { json: string } | null;
      /** Membership of this group is a Trello seat (the group is given Trello product access). */
      trelloGroupId: string;
    };

export interface Config {
  tableName: string;
  endpoints: { dynamodb?: string; sfn?: string; events?: string };
  eventBusName?: string;
  trello: {
    apiBaseUrl: string;
    enterpriseId: string;
    defaultWorkspaceId: string | null;
    credentials: { secretArn: string } | { apiKey: string; apiToken: string };
    timeScale: number;
    /** Where the rate-limit schedule lives: shared in DynamoDB across Lambdas, or in this process. */
    pacer: 'dynamodb' | 'memory';
    /** Who manages the Enterprise's users: Trello itself, or Atlassian Administration (AdminHub). */
    management: TrelloManagement;
  };
  onboarding: {
    departmentWorkspaces: Record<string, string>;
    newUserPolicy: (typeof NewUserPolicies)[number];
    startLeadMinutes: number;
    firstLoginWaitHours: number;
    approvalTimeoutHours: number;
    consoleUrl: string | null;
  };
  /** Where admins hear of approvals and failures besides the log (AWS: SNS, optionally Slack). */
  notify: { topicArn: string | null; slackSecretArn: string | null };
  offboarding: {
    /** Null when no identity provider is configured (offboarding then says so in every report). */
    idp: {
      kind: IdpKind;
      baseUrl: string;
      credentials: { secretArn: string } | { json: string };
      scope: IdpScope;
      /** The org's rate to pace every IdP call to; null = the provider's published default. */
      requestsPerMinute: number | null;
      /** Shrinks the provider's rate windows (a time-scaled simulator); 1 against a real IdP. */
      timeScale: number;
    } | null;
    successorFallbackMemberId: string | null;
    onboardingStateMachineArn: string | null;
    /** Where a retried offboarding runs again (the admin API). */
    offboardingStateMachineArn: string | null;
    timeToCut: TimeToCutSettings;
  };
  /** Past these thresholds terminations and sweeps' reclaims wait for an admin (functions/core/guard). */
  massChangeGuard: MassChangeGuardSettings;
  /** What a leave of absence changes outside the person's record, and whether admins approve it first. */
  leave: {
    policy: LeavePolicy;
    approval: boolean;
    /** The leave-approval state machine a leave start starts (approval on). */
    approvalStateMachineArn: string | null;
  };
  /** Where operational metrics go (time to cut): CloudWatch EMF on AWS, the log locally. */
  metrics: 'emf' | 'log';
  sweep: {
    stateMachineArn: string | null;
    inactiveDays: number;
    graceDays: number;
    allowList: string[];
    answerDays: number;
  };
  reconciliation: { stateMachineArn: string | null };
  /** Mail to people (ask-first sweeps); null sender = no mail, and ask-first is refused. */
  mail: { from: string | null; outboxFile: string | null };
}

function managementOf(c: Record<string, unknown>): TrelloManagement {
  if (c[K.trelloManagementMode] !== 'adminhub') return { mode: 'trello' };
  const secretArn = c[K.adminHubSecretArn] as string | undefined;
  const json = c[K.adminHubCredentials] as string | undefined;
  return {
    mode: 'adminhub',
    baseUrl: c[K.adminHubBaseUrl] as string,
    credentials: secretArn ? { secretArn } : json ? { json } : null,
    trelloGroupId: c[K.adminHubTrelloGroupId] as string,
  };
}

/** Parses the environment; a missing or bad value is a ConfigInvalidError naming the variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  configSchema ??= buildConfigSchema();
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'config'}: ${i.message}`)
      .join('; ');
    throw new ConfigInvalidError(`Lanyard is misconfigured — ${problems}`);
  }
  const c = parsed.data;
  const secretArn = c[K.trelloSecretArn];
  const idpSecretArn = c[K.idpSecretArn];
  return {
    tableName: c[K.tableName],
    endpoints: { dynamodb: c[K.dynamodbEndpoint], sfn: c[K.sfnEndpoint], events: c[K.eventsEndpoint] },
    eventBusName: c[K.eventBusName],
    trello: {
      apiBaseUrl: c[K.trelloApiBaseUrl],
      enterpriseId: c[K.trelloEnterpriseId],
      defaultWorkspaceId: c[K.trelloDefaultWorkspaceId] ?? null,
      credentials: secretArn
        ? { secretArn }
        : { apiKey: c[K.trelloApiKey] as string, apiToken: c[K.trelloApiToken] as string },
      timeScale: c[K.trelloTimeScale],
      pacer: c[K.trelloPacer],
      management: managementOf(c),
    },
    onboarding: {
      departmentWorkspaces: c[K.departmentWorkspaces],
      newUserPolicy: c[K.newUserPolicy],
      startLeadMinutes: c[K.startLeadMinutes],
      firstLoginWaitHours: c[K.firstLoginWaitHours],
      approvalTimeoutHours: c[K.approvalTimeoutHours],
      consoleUrl: c[K.consoleUrl] ?? null,
    },
    notify: { topicArn: c[K.notifyTopicArn] ?? null, slackSecretArn: c[K.slackSecretArn] ?? null },
    offboarding: {
      idp:
        c[K.idpKind] === 'none'
          ? null
          : {
              kind: c[K.idpKind] as IdpKind,
              baseUrl: c[K.idpBaseUrl] as string,
              credentials: idpSecretArn
                ? { secretArn: idpSecretArn }
                : { json: c[K.idpCredentials] as string },
              scope: c[K.idpScope],
              requestsPerMinute: c[K.idpRequestsPerMinute] ?? null,
              timeScale: c[K.idpTimeScale],
            },
      successorFallbackMemberId: c[K.boardSuccessorFallback] ?? null,
      onboardingStateMachineArn: c[K.onboardingStateMachineArn] ?? null,
      offboardingStateMachineArn: c[K.offboardingStateMachineArn] ?? null,
      timeToCut: {
        sloSeconds: c[K.cutSloSeconds],
        urgentSloSeconds: c[K.urgentCutSloSeconds],
        keepTryingHours: c[K.cutKeepTryingHours],
      },
    },
    massChangeGuard: guardSettingsOf(c[K.massChangeGuard]),
    leave: {
      policy: c[K.leavePolicy],
      approval: c[K.leaveApproval] === 'true',
      approvalStateMachineArn: c[K.leaveApprovalStateMachineArn] ?? null,
    },
    metrics: c[K.metrics],
    sweep: {
      stateMachineArn: c[K.sweepStateMachineArn] ?? null,
      inactiveDays: c[K.sweepInactiveDays],
      graceDays: c[K.sweepGraceDays],
      allowList: c[K.sweepAllowList],
      answerDays: c[K.sweepAnswerDays],
    },
    reconciliation: { stateMachineArn: c[K.reconciliationStateMachineArn] ?? null },
    mail: { from: c[K.mailFrom] ?? null, outboxFile: c[K.mailOutboxFile] ?? null },
  };
}
