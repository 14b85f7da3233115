/**
 * The composition root: config → adapters behind the ports. Built once per cold start (per
 * process locally), on first use, never at import time. Endpoints come from config only: the
 * same code talks to AWS or to the local stack.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbRecordStore } from '../adapters/dynamodb/dynamodb-record-store.ts';
import { BLAST_RADIUS, createIdentityProvider } from '../adapters/idp/create-identity-provider.ts';
import { OutboxPersonMailer } from '../adapters/mail/outbox-person-mailer.ts';
import { SesPersonMailer } from '../adapters/mail/ses-person-mailer.ts';
import { EmfMetrics } from '../adapters/metrics/emf-metrics.ts';
import { LogMetrics } from '../adapters/metrics/log-metrics.ts';
import { FanOutNotifier } from '../adapters/notify/fan-out-notifier.ts';
import { InboxNotifier } from '../adapters/notify/inbox-notifier.ts';
import { LogNotifier } from '../adapters/notify/log-notifier.ts';
import { SlackNotifier } from '../adapters/notify/slack-notifier.ts';
import { slackWebhookFromSecret } from '../adapters/notify/slack-webhook-secret.ts';
import { SnsNotifier } from '../adapters/notify/sns-notifier.ts';
import { DynamoDbPacer } from '../adapters/pacing/dynamodb-pacer.ts';
import { InMemoryPacer } from '../adapters/pacing/in-memory-pacer.ts';
import { SfnWorkflowEngine } from '../adapters/stepfunctions/sfn-workflow-engine.ts';
import { systemClock } from '../adapters/system/system-clock.ts';
import { TrelloHttpAdmin } from '../adapters/trello/trello-admin.ts';
import { trelloCredentialsFromSecret } from '../adapters/trello/trello-credentials.ts';
import { TRELLO_LIMITS, TrelloHttp } from '../adapters/trello/trello-http.ts';
import type { OffboardingDeps } from '../core/offboarding/offboarding-deps.ts';
import type { OnboardingDeps } from '../core/onboarding/onboarding-deps.ts';
import type { SweepDeps } from '../core/sweep/sweep-deps.ts';
import type { AtlassianApiTokens } from '../ports/atlassian-api-tokens.ts';
import type { IdentityProvider } from '../ports/identity-provider.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { PersonMailer } from '../ports/person-mailer.ts';
import { awsClientConfig } from './aws-clients.ts';
import { type Config, parseConfig } from './config.ts';
import { currentBudget } from './invocation-budget.ts';
import { lazyPort } from './lazy-port.ts';
import { logger } from './powertools.ts';

export type Dependencies = OnboardingDeps & OffboardingDeps & SweepDeps & { config: Config };

let cached: Promise<Dependencies> | undefined;

export function dependencies(): Promise<Dependencies> {
  cached ??= build(parseConfig(process.env)).catch((error: unknown) => {
    cached = undefined; // a bad config or an unreachable secret must not poison every later call
    throw error;
  });
  return cached;
}

/** Tests and the local runtime call this after changing the environment. */
export function resetDependencies(): void {
  cached = undefined;
}

async function build(config: Config): Promise<Dependencies> {
  const dynamodb = DynamoDBDocumentClient.from(
    new DynamoDBClient(awsClientConfig(config.endpoints.dynamodb)),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
  // Built on first use: each step is granted only the secrets it uses (lazy-port.ts).
  const trello = lazyPort(() => trelloAdmin(config, dynamodb));
  const idpConfig = config.offboarding.idp;
  let idpBuild: ReturnType<typeof createIdentityProvider> | undefined;
  const builtIdp = () => {
    idpBuild ??= createIdentityProvider(idpConfig).catch((error: unknown) => {
      idpBuild = undefined; // an unreachable secret must not poison every later call
      throw error;
    });
    return idpBuild;
  };
  // Which ports exist follows from the config alone; only their adapters wait for first use.
  const idp =
    idpConfig === null
      ? null
      : lazyPort(async () => (await builtIdp()).idp as IdentityProvider, {
          kind: idpConfig.kind,
          blastRadius: BLAST_RADIUS[idpConfig.kind],
        });
  const atlassianTokens =
    idpConfig?.kind === 'atlassian'
      ? lazyPort(async () => (await builtIdp()).atlassianTokens as AtlassianApiTokens)
      : null;
  const records = new DynamoDbRecordStore({ client: dynamodb, tableName: config.tableName });
  return {
    config,
    clock: systemClock,
    idp,
    atlassianTokens,
    offboarding: {
      idpScope: config.offboarding.idp?.scope ?? 'sign-in',
      successorFallbackMemberId: config.offboarding.successorFallbackMemberId,
      onboardingStateMachineArn: config.offboarding.onboardingStateMachineArn,
      approvalTimeoutHours: config.onboarding.approvalTimeoutHours,
      consoleUrl: config.onboarding.consoleUrl,
      timeToCut: config.offboarding.timeToCut,
    },
    metrics: config.metrics === 'emf' ? new EmfMetrics() : new LogMetrics(logger),
    sweep: {
      inactiveDays: config.sweep.inactiveDays,
      graceDays: config.sweep.graceDays,
      allowList: config.sweep.allowList,
      answerDays: config.sweep.answerDays,
      approvalTimeoutHours: config.onboarding.approvalTimeoutHours,
      consoleUrl: config.onboarding.consoleUrl,
    },
    mailer: personMailer(config),
    records,
    trello,
    notifier: await notifier(config, records),
    workflow: new SfnWorkflowEngine(new SFNClient(awsClientConfig(config.endpoints.sfn))),
    onboarding: { defaultWorkspaceId: config.trello.defaultWorkspaceId, ...config.onboarding },
  };
}

async function trelloAdmin(config: Config, dynamodb: DynamoDBDocumentClient): Promise<TrelloHttpAdmin> {
  const credentials =
    'secretArn' in config.trello.credentials
      ? await trelloCredentialsFromSecret(config.trello.credentials.secretArn)
      : config.trello.credentials;
  const scale = config.trello.timeScale;
  const scaled = (limit: { max: number; windowMs: number }) => ({
    max: limit.max,
    windowMs: limit.windowMs * scale,
  });
  const http = new TrelloHttp({
    baseUrl: config.trello.apiBaseUrl,
    ...credentials,
    // Every Lambda paces through one schedule in DynamoDB; one process (the local runtime) in memory.
    pacer:
      config.trello.pacer === 'memory'
        ? new InMemoryPacer()
        : new DynamoDbPacer({ client: dynamodb, tableName: config.tableName }),
    budget: currentBudget,
    limits: {
      perKey: scaled(TRELLO_LIMITS.perKey),
      perToken: scaled(TRELLO_LIMITS.perToken),
      membersRoute: scaled(TRELLO_LIMITS.membersRoute),
    },
  });
  return new TrelloHttpAdmin(http, config.trello.enterpriseId);
}

/** SES from the configured sender; the local stack's outbox file instead when one is configured. */
function personMailer(config: Config): PersonMailer | null {
  const { from, outboxFile } = config.mail;
  if (from === null) return null;
  return outboxFile
    ? new OutboxPersonMailer(outboxFile, from)
    : new SesPersonMailer(new SESv2Client(awsClientConfig()), from);
}

/** The log and the console's inbox always; SNS and Slack when configured. */
async function notifier(config: Config, records: DynamoDbRecordStore) {
  const channels: Array<{ name: string; notifier: Notifier }> = [
    { name: 'log', notifier: new LogNotifier(logger) },
    { name: 'inbox', notifier: new InboxNotifier(records, systemClock) },
  ];
  if (config.notify.topicArn) {
    channels.push({
      name: 'sns',
      notifier: new SnsNotifier(new SNSClient(awsClientConfig()), config.notify.topicArn),
    });
  }
  if (config.notify.slackSecretArn) {
    channels.push({
      name: 'slack',
      notifier: new SlackNotifier(await slackWebhookFromSecret(config.notify.slackSecretArn)),
    });
  }
  return new FanOutNotifier(channels, logger);
}
