/**
 * Deploy-time configuration, validated before anything is defined. Read from the JSON file named
 * by the CDK context key `lanyard:config` (cdk.json points at the example; deploy with
 * `-c lanyard:config=lanyard.config.json`).
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TrelloManagementModes } from '../functions/composition/config.ts';
import { MassChangeGuardJson } from '../functions/composition/mass-change-guard-config.ts';
import {
  DEFAULT_RECLAIM_LIMITS,
  DEFAULT_TERMINATION_LIMITS,
} from '../functions/core/guard/mass-change-guard.ts';
import { LeavePolicies, leaveApprovalConflict } from '../functions/core/lifecycle/leave-policies.ts';
import { ReconciliationModes } from '../functions/core/model/reconciliation-vocabulary.ts';
import { SweepModes } from '../functions/core/model/sweep-vocabulary.ts';
import { NewUserPolicies } from '../functions/core/onboarding-decision.ts';
import { IdpKinds } from '../functions/ports/identity-provider.ts';

const trelloId = z.string().regex(/^[0-9a-fA-F]{24}$/, 'must be a 24-character Trello id');

/** An HTTP API throttle: steady requests per second, and the burst (token bucket) above it. */
const Throttle = z.strictObject({
  rateLimit: z.number().positive().max(10_000),
  burstLimit: z.number().int().min(0).max(5_000),
});
export type Throttle = z.infer<typeof Throttle>;

/**
 * Each route's own throttle (API Gateway stage route settings), so a flood on the public routes
 * cannot use up what admins need: every route key of a group gets this limit for itself.
 */
const ROUTE_THROTTLE_DEFAULTS = {
  /** `POST /hr/events`, `POST /hr/events/{vendor}`: HR systems retry a 429 (Standard Webhooks). */
  hrEvents: { rateLimit: 25, burstLimit: 50 },
  /** `POST /keep-seat`: one click per mailed link. */
  keepSeat: { rateLimit: 5, burstLimit: 10 },
  /** The admin API routes behind the JWT authorizer (the console, the CLI): `ANY /admin/{proxy+}` and each admin function's paths. */
  admin: { rateLimit: 25, burstLimit: 50 },
  /** `GET /`, `GET /console/{file}`, `GET /admin/openapi.json`: static files. */
  console: { rateLimit: 10, burstLimit: 20 },
} as const satisfies Record<string, Throttle>;
export type RouteThrottleGroup = keyof typeof ROUTE_THROTTLE_DEFAULTS;

const DeployConfigFields = z.strictObject({
  trello: z
    .strictObject({
      /** The Trello Enterprise Lanyard manages. */
      enterpriseId: trelloId,
      /** Invites go here; Trello adds newly licensed members to it. */
      defaultWorkspaceId: trelloId.nullable().default(null),
      apiBaseUrl: z.url().default('https://api.trello.com/1'),
      /**
       * Where the Enterprise's users are managed: `trello` (Trello's own seat and deactivation API) or
       * `adminhub` (Atlassian Administration; Trello refuses those writes there). @default 'trello'
       */
      managementMode: z.enum(TrelloManagementModes).default('trello'),
      /** Atlassian Administration, required in `adminhub` mode (its API key goes in the stack's AdminHub secret). */
      adminHub: z
        .strictObject({
          /** @default 'https://api.atlassian.com' */
          baseUrl: z.url().default('https://api.atlassian.com'),
          /** The Atlassian group that gives Trello product access: its members hold the seats. */
          trelloGroupId: z.string().min(1),
        })
        .nullable()
        .default(null),
    })
    .refine((trello) => trello.managementMode === 'trello' || trello.adminHub !== null, {
      message:
        'managementMode "adminhub" needs trello.adminHub.trelloGroupId: the Atlassian group that gives Trello product access',
      path: ['adminHub'],
    }),
  /** HR department name → Workspace id. */
  departmentWorkspaces: z.record(z.string(), trelloId).default({}),
  newUserPolicy: z.enum(NewUserPolicies).default('invite'),
  /**
   * What a leave of absence does beyond the record (which exempts them from sweeps): nothing
   * (`keep`), cut and later restore their IdP sign-in (`suspend-sign-in`), or free their Trello
   * seat and give it back when they return (`free-seat`).
   */
  leaveOfAbsence: z.enum(LeavePolicies).default('keep'),
  /**
   * Ask admins (an approval, as for seats and offboarding tasks) before a leave start's change is
   * made; the record marks the person on leave at once either way. Needs a policy that changes
   * access (`suspend-sign-in` or `free-seat`).
   */
  leaveApproval: z.boolean().default(false),
  startLeadMinutes: z.number().min(0).default(0),
  firstLoginWaitHours: z
    .number()
    .positive()
    .default(24 * 14),
  /** wait-for-first-login looks first after this, then after twice the wait before… */
  firstLoginPollMinutes: z.number().positive().default(60),
  /** …up to this: a hire who logs in late is found within 6 h, one who never does costs few polls. */
  firstLoginMaxPollMinutes: z.number().positive().default(360),
  approvalTimeoutHours: z
    .number()
    .positive()
    .max(24 * 10)
    .default(24 * 7),
  /**
   * How long the lifecycle bus's archive keeps HR events for replays. They hold names, emails and
   * departments, so never forever (an archive's 0 would mean that).
   */
  eventArchiveRetentionDays: z.number().int().min(1).max(3650).default(90),
  /**
   * The mass-change guard: more terminations than this within the window (or than this share of
   * the licensed members) wait for one admin decision instead of running, and so does a sweep that
   * would reclaim more seats than its limit. `"off"` turns it off.
   */
  massChangeGuard: MassChangeGuardJson.default({
    terminations: { ...DEFAULT_TERMINATION_LIMITS },
    reclaims: { ...DEFAULT_RECLAIM_LIMITS },
  }),
  /** Alarm and approval e-mails go here (SNS e-mail subscription). */
  alarmEmail: z.email().nullable().default(null),
  /** The manager of an approval's subject may not decide it either (the subject never may). */
  approvalExcludesManager: z.boolean().default(false),
  /** Also notify admins through a Slack incoming webhook (its URL goes in the secret the stack creates). */
  slackNotifications: z.boolean().default(false),
  /** The console's URL, for links in notifications. */
  consoleUrl: z.url().nullable().default(null),
  /**
   * HR systems that post their own webhooks to `POST /hr/events/{vendor}`: the stack creates a
   * secret for each one's signing key (and for the Bob API service user with HiBob).
   */
  hrVendors: z.array(z.enum(['bamboohr', 'hibob'])).default([]),
  /** Offboarding: who inherits sole-admin boards, and which identity provider cuts SSO. */
  offboarding: z
    .strictObject({
      /** Trello member id who takes over a leaver's sole-admin boards when their manager cannot. */
      boardSuccessorFallback: trelloId.nullable().default(null),
      /**
       * The IdP that signs people into Trello; null = none (every offboarding report then says SSO was
       * not cut). Its credentials go in the secret the stack creates (JSON, shape per provider: README).
       */
      idp: z
        .strictObject({
          kind: z.enum(IdpKinds),
          /** e.g. https://acme.okta.com, https://graph.microsoft.com/v1.0, https://api.atlassian.com */
          baseUrl: z.url(),
          /** `sign-in` (default) or `account`: account-wide only ever after an approval stating its blast radius. */
          scope: z.enum(['sign-in', 'account']).default('sign-in'),
          /**
           * The org's IdP request rate per minute that Lanyard paces every IdP call to (reconciliation
           * reads; cuts go first). Null = the provider's published default (Okta 600, Google 2,400,
           * Entra 3,000 per 150 s, Atlassian and SCIM 600 — UNVERIFIED: README "IdP pacing").
           */
          requestsPerMinute: z.number().int().min(1).max(1_000_000).nullable().default(null),
        })
        .nullable()
        .default(null),
      /**
       * Time to cut: how soon after a termination is due each access cut (IdP sign-in, Trello
       * deactivation) must be read back before admins are told and the alarm fires, and how long
       * a cut keeps trying through outages before the run says `access-remains`.
       */
      timeToCut: z
        .strictObject({
          sloMinutes: z.number().positive().default(15),
          urgentSloSeconds: z.number().int().positive().default(60),
          keepTryingHours: z
            .number()
            .min(24)
            .max(24 * 20)
            .default(24),
        })
        .default({ sloMinutes: 15, urgentSloSeconds: 60, keepTryingHours: 24 }),
    })
    .default({
      boardSuccessorFallback: null,
      idp: null,
      timeToCut: { sloMinutes: 15, urgentSloSeconds: 60, keepTryingHours: 24 },
    }),
  /** The idle-seat sweep: when it runs by itself, how it acts, and who it never touches. */
  sweep: z
    .strictObject({
      /** EventBridge Scheduler expression, e.g. `cron(0 6 ? * MON *)` (UTC); null = only on request. */
      schedule: z
        .string()
        .regex(/^(cron|rate)\(.+\)$/, 'a Scheduler expression: cron(…) or rate(…)')
        .nullable()
        .default(null),
      /**
       * What a scheduled sweep does: `report` (nothing changes), `approve` (one approval),
       * `ask-first` (each idle member is mailed a "keep my seat" link), `auto`.
       */
      mode: z.enum(SweepModes).default('report'),
      inactiveDays: z.number().int().min(1).max(3650).default(90),
      /** People onboarded this recently are never swept. */
      graceDays: z.number().int().min(0).max(3650).default(30),
      /** Emails never swept (service accounts, executives). */
      allowList: z.array(z.email()).default([]),
      /** Ask-first sweeps: who the mail comes from (a verified SES identity) and how long people have to answer. */
      askFirst: z
        .strictObject({
          from: z.email().nullable().default(null),
          answerDays: z.number().int().min(1).max(60).default(7),
        })
        .default({ from: null, answerDays: 7 }),
    })
    .refine((sweep) => sweep.mode !== 'ask-first' || sweep.askFirst.from !== null, {
      message: 'sweep.mode ask-first mails idle members: set sweep.askFirst.from to a verified SES sender',
      path: ['askFirst', 'from'],
    })
    .default({
      schedule: null,
      mode: 'report',
      inactiveDays: 90,
      graceDays: 30,
      allowList: [],
      askFirst: { from: null, answerDays: 7 },
    }),
  /**
   * The drift reconciliation: when it runs by itself (a Scheduler expression, UTC; default daily at
   * 05:00; null = only on request) and what a scheduled one does with its findings: `report` (the
   * default: nothing changes), `approve` (one approval for the suggested fixes), `auto` (applied at
   * once unless past the mass-change guard's limit, which then asks that approval).
   */
  reconciliation: z
    .strictObject({
      schedule: z
        .string()
        .regex(/^(cron|rate)\(.+\)$/, 'a Scheduler expression: cron(…) or rate(…)')
        .nullable()
        .default('cron(0 5 * * ? *)'),
      mode: z.enum(ReconciliationModes).default('report'),
    })
    .default({ schedule: 'cron(0 5 * * ? *)', mode: 'report' }),
  /**
   * How often Lanyard reads the seats by itself: queued hires get seats bought in Trello or freed
   * outside Lanyard without an admin telling it. A Scheduler expression; null = never.
   */
  seatWatchSchedule: z
    .string()
    .regex(/^(cron|rate)\(.+\)$/, 'a Scheduler expression: cron(…) or rate(…)')
    .nullable()
    .default('rate(30 minutes)'),
  /** The HTTP API (HR events in, admin API and console). */
  api: z
    .strictObject({
      /**
       * Prefix of the Cognito hosted sign-in domain for the console (globally unique per Region):
       * `https://<prefix>.auth.<region>.amazoncognito.com`. null = none: admins then get their JWT
       * with the AWS CLI (README "First admin sign-in").
       */
      cognitoDomainPrefix: z
        .string()
        .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and hyphens')
        .refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'may not contain aws, amazon or cognito')
        .nullable()
        .default(null),
      /** The stage's default throttle (requests per second, bursts to twice that) for a route without its own. */
      rateLimit: z.number().int().positive().max(10_000).default(50),
      /** Each route's own throttle, by group (see ROUTE_THROTTLE_DEFAULTS). */
      routeThrottles: z
        .strictObject({
          hrEvents: Throttle.default(ROUTE_THROTTLE_DEFAULTS.hrEvents),
          keepSeat: Throttle.default(ROUTE_THROTTLE_DEFAULTS.keepSeat),
          admin: Throttle.default(ROUTE_THROTTLE_DEFAULTS.admin),
          console: Throttle.default(ROUTE_THROTTLE_DEFAULTS.console),
        })
        .default(ROUTE_THROTTLE_DEFAULTS),
    })
    .default({ cognitoDomainPrefix: null, rateLimit: 50, routeThrottles: ROUTE_THROTTLE_DEFAULTS }),
});

/** The fields, and the combinations of them that make no sense (refused, saying why). */
export const DeployConfig = DeployConfigFields.superRefine((config, ctx) => {
  const conflict = leaveApprovalConflict(config.leaveOfAbsence, config.leaveApproval, {
    policy: 'leaveOfAbsence',
    approval: 'leaveApproval',
  });
  if (conflict) ctx.addIssue({ code: 'custom', message: conflict, path: ['leaveApproval'] });
});
export type DeployConfig = z.infer<typeof DeployConfig>;

export function loadDeployConfig(file: string, baseDir = process.cwd()): DeployConfig {
  const full = path.resolve(baseDir, file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(full, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the Lanyard deploy config ${full}: ${(error as Error).message}`);
  }
  return parseDeployConfig(json, full);
}

export function parseDeployConfig(json: unknown, source = 'deploy config'): DeployConfig {
  const parsed = DeployConfig.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n');
    throw new Error(`The Lanyard deploy config ${source} is invalid:\n${problems}`);
  }
  return parsed.data;
}
