/**
 * Lanyard on one machine: the CDK app synthesized in-process (bundling off), a DynamoDB-compatible
 * server with the template's tables, the Trello simulator (or a real Trello from config), and the
 * local Step Functions runtime with its SFN and EventBridge endpoints, and the template's
 * EventBridge Scheduler schedules firing on the wall clock. The handlers and adapters are the
 * production ones; only the endpoints in their config differ.
 */
import path from 'node:path';
import { adminTokenHash } from '../../functions/composition/admin-token-hash.ts';
import { ConfigKeys as K } from '../../functions/composition/config-keys.ts';
import { resetDependencies } from '../../functions/composition/dependencies.ts';
import type { IdpKind, IdpScope } from '../../functions/ports/identity-provider.ts';
import { API_FUNCTIONS } from '../api-catalog.ts';
import { type DeployConfig, parseDeployConfig } from '../deploy-config.ts';
import { policyEnvironment } from '../policy-environment.ts';
import { STEP_CATALOG, STEP_ID_VARIABLE, stepEntryPath } from '../step-catalog.ts';
import { type AdminHubLink, type LocalTrelloMode, linkAdminHub } from './adminhub-link.ts';
import { type ApiServer, startApiServer } from './api/api-server.ts';
import { type DynamoDbThrottlingControl, startDynamoDbServer } from './dynamodb-server.ts';
import { IamCheck } from './iam/iam-check.ts';
import { localSecrets } from './local-secrets.ts';
import { privateDir, privateUmask, writePrivateFile } from './private-files.ts';
import type { FunctionMap } from './runtime/lambda-host.ts';
import { type LocalRuntime, startLocalRuntime } from './runtime/local-runtime.ts';
import { type Firing, ScheduleRunner, type ScheduleStatus } from './runtime/schedule-runner.ts';
import type { IdpSimulator } from './simulators/idp/idp-simulator.ts';
import { startIdpSimulatorOf } from './simulators/idp/start-idp-simulator.ts';
import { startTrelloSimulator, type TrelloSimulator } from './simulators/trello/trello-server.ts';
import { assertEnvironmentsWithinLimit } from './template/function-environment.ts';
import { readHttpRoutes } from './template/read-http-routes.ts';
import { readSchedules } from './template/read-schedules.ts';
import { readFunctions, resolveIntrinsic } from './template/read-template.ts';

/** The sender of the local stack's mail to people (it only reaches the outbox file). */
export const LOCAL_MAIL_FROM = 'lanyard@lanyard.local';

export interface LocalStackOptions {
  /** Where data lives between runs (DynamoDB, executions, Trello simulator state). */
  dataDir: string;
  /** First port; the others follow it. 0 = random ports (tests). @default 4100 */
  basePort?: number;
  /** Trello simulator preset for a first start. @default 'demo' */
  trelloPreset?: 'tiny' | 'demo' | '5k' | '100k';
  trelloSeed?: number;
  /** Fix the simulator's date anchor (tests); default today. */
  trelloAnchor?: Date;
  /** Shrink Trello's rate-limit windows (benchmarks). @default 1 */
  trelloTimeScale?: number;
  /**
   * How the functions pace Trello: one in-memory schedule (exact, since every step runs in this
   * process), or the records table's, as deployed (benchmarks that measure what AWS would do).
   * @default 'memory'
   */
  trelloPacer?: 'memory' | 'dynamodb';
  /** Deploy-config settings to override (policy, lead, waits…). */
  config?: Partial<Omit<DeployConfig, 'trello'>>;
  /** Test hooks, by state name (never used for dispatch). */
  waitTimeOverrides?: Record<string, number>;
  retryIntervalOverrides?: Record<string, number>;
  /** Keep the DynamoDB data in memory (tests). @default false */
  inMemory?: boolean;
  /** Who the admin token stands for (recorded as the approver). @default 'admin@local' */
  adminEmail?: string;
  /** More bearer tokens the admin API accepts, each for its own person (tests: an approval's subject). */
  extraAdminTokens?: Array<{ who: string; token: string }>;
  /**
   * Who manages the simulated Enterprise's users: Trello itself, or Atlassian Administration
   * (`adminhub`: an Atlassian simulator serves seats and deactivation on port +6, or the Atlassian
   * IdP simulator when that is the IdP). @default 'trello'
   */
  trelloMode?: LocalTrelloMode;
  /** Start this IdP's simulator and offboard against it. @default 'okta' */
  idp?: IdpKind | null;
  /** @default 'sign-in' */
  idpScope?: IdpScope;
  /**
   * Shrinks the IdP's rate windows for its simulator and Lanyard's pacer together (a minute
   * becomes `idpTimeScale` minutes). @default trelloTimeScale
   */
  idpTimeScale?: number;
  /** The IdP org's rate (LANYARD_IDP_REQUESTS_PER_MINUTE), for the simulator and Lanyard alike. @default the provider's published rate */
  idpRequestsPerMinute?: number;
  /** Where the stack's running notes go (one line per schedule firing). @default console.log */
  onLog?: (line: string) => void;
  /**
   * Changes the synthesized template before anything reads it (tests: a grant removed, a limit
   * crossed), so the stack runs what AWS would deploy from it.
   */
  templateTransform?: (template: Record<string, unknown>) => Record<string, unknown>;
  /** Lambda's account concurrency: invocations beyond it fail with Lambda.TooManyRequestsException. */
  lambdaConcurrency?: number;
  /**
   * Synthesizes the app for a deploy config. @default {@link synthesizeLocal} (in-process, into
   * `<dataDir>/cdk.out`); tests pass one that reuses a template already synthesized for the same config.
   */
  synthesize?: (config: DeployConfig, outdir: string) => Promise<LocalSynthesis>;
}

/** What the local stack takes from a synthesis: the template and the logical ids it looks up (plain JSON). */
export interface LocalSynthesis {
  template: Record<string, unknown>;
  logicalIds: {
    table: string;
    onboarding: string;
    offboarding: string;
    sweep: string;
    reconciliation: string;
    leaveApproval: string;
  };
  /** The lifecycle bus's name as the template refers to it (a `Ref` or a literal). */
  busName: unknown;
}

/** Synthesizes the CDK app in-process, bundling and policy validation off (aws-cdk-lib loads on first use). */
export async function synthesizeLocal(config: DeployConfig, outdir: string): Promise<LocalSynthesis> {
  const { buildApp } = await import('../build-app.ts');
  const { app, stack } = buildApp({ config, bundling: false, nag: false, outdir });
  const template = app.synth().getStackArtifact(stack.artifactId).template as Record<string, unknown>;
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as never);
  return {
    template,
    logicalIds: {
      table: idOf(stack.records.table),
      onboarding: idOf(stack.onboarding.stateMachine),
      offboarding: idOf(stack.offboarding.stateMachine),
      sweep: idOf(stack.sweep.stateMachine),
      reconciliation: idOf(stack.reconciliation.stateMachine),
      leaveApproval: idOf(stack.leaveApproval.stateMachine),
    },
    busName: stack.resolve(stack.bus.bus.eventBusName),
  };
}

export interface LocalStack {
  /** The HTTP API (HR events, admin API, console). */
  api: ApiServer;
  /** The bearer token of the admin API, and the webhook secret HR systems sign with. */
  adminToken: string;
  webhookSecret: string;
  trello: TrelloSimulator;
  /** The identity provider's simulator (null when none is configured). */
  idp: IdpSimulator | null;
  /** AdminHub mode: the Atlassian Administration simulator and its link to Trello (null in `trello` mode). */
  adminHub: AdminHubLink | null;
  runtime: LocalRuntime;
  dynamodbEndpoint: string;
  /** Throttles the functions' DynamoDB requests on demand, as DynamoDB would (tests; off at start). */
  dynamodbThrottling: DynamoDbThrottlingControl;
  tableName: string;
  onboardingArn: string;
  offboardingArn: string;
  sweepArn: string;
  reconciliationArn: string;
  busName: string;
  /** The template's Scheduler schedules as the local runtime fires them. */
  schedules: {
    list(): ScheduleStatus[];
    /** Fires a schedule now (by name or logical id), as its timer would; retries included. */
    fireNow(name: string): Promise<Firing>;
  };
  /** What `endpoints.json` holds. */
  endpoints: Record<string, string>;
  /** The deploy config the stack was synthesized from. */
  config: DeployConfig;
  env: Record<string, string>;
  close(): Promise<void>;
}

const TRELLO_STATE_FILE = 'trello-state.json';

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = path.resolve(options.dataDir);
  // Owner-only: the data dir (0700) and everything written in it while the stack runs (umask 077).
  const releaseUmask = privateUmask();
  privateDir(dataDir);
  const base = options.basePort ?? 4100;
  const port = (offset: number) => (base === 0 ? 0 : base + offset);

  const trello = await startTrelloSimulator({
    port: port(1),
    preset: options.trelloPreset ?? 'demo',
    seed: options.trelloSeed ?? 1,
    anchor: options.trelloAnchor,
    timeScale: options.trelloTimeScale ?? 1,
    // Every change is journaled before the simulator answers: Trello remembers what Lanyard did
    // across restarts, a killed stack's included.
    stateFile: path.join(dataDir, TRELLO_STATE_FILE),
  });
  const info = trello.info();
  const idpKind = options.idp === undefined ? 'okta' : options.idp;
  const idpTimeScale = options.idpTimeScale ?? options.trelloTimeScale ?? 1;
  // Like Trello, the IdP keeps its users across restarts: an offboarded user stays suspended.
  // One file per kind, so switching LANYARD_IDP_SIMULATOR starts that IdP from the seed.
  const idp = idpKind
    ? await startIdpSimulatorOf(idpKind, {
        port: port(5),
        seed: options.trelloSeed ?? 1,
        stateFile: path.join(dataDir, `idp-${idpKind}-state.json`),
        timeScale: idpTimeScale,
        requestsPerMinute: options.idpRequestsPerMinute,
      })
    : null;
  // Everyone the Trello seed knows signs in through the IdP, as in a real SSO setup (users it
  // already holds are left as they are).
  for (const member of trello.state.snapshot().members)
    if (member.email) idp?.addUser({ email: member.email });
  const adminHub = await linkAdminHub(options.trelloMode ?? 'trello', trello, idp, {
    port: port(6),
    seed: options.trelloSeed ?? 1,
  });
  const config = parseDeployConfig({
    newUserPolicy: 'invite',
    firstLoginPollMinutes: 1,
    ...options.config,
    trello: {
      enterpriseId: info.enterpriseId,
      defaultWorkspaceId: info.defaultWorkspaceId,
      ...(adminHub ? { managementMode: 'adminhub', adminHub: adminHub.config } : {}),
    },
    departmentWorkspaces: options.config?.departmentWorkspaces ?? departmentWorkspaces(trello),
    offboarding: {
      ...options.config?.offboarding,
      idp: idp
        ? {
            kind: idp.kind,
            baseUrl: idp.url,
            scope: options.idpScope ?? 'sign-in',
            requestsPerMinute: options.idpRequestsPerMinute ?? null,
          }
        : null,
    },
  });

  // A start that fails before anything else listens leaves nothing running.
  const closeBeforeListening = async () => {
    await trello.close();
    await adminHub?.close();
    await idp?.close();
    releaseUmask();
  };
  let synthesis: LocalSynthesis;
  try {
    synthesis = await (options.synthesize ?? synthesizeLocal)(config, path.join(dataDir, 'cdk.out'));
  } catch (error) {
    await closeBeforeListening();
    throw error;
  }
  const { template: synthesized, logicalIds } = synthesis;
  const template = options.templateTransform ? options.templateTransform(synthesized) : synthesized;
  // Lambda's limits and IAM as AWS would apply them to this template, before anything else listens.
  let iam: IamCheck;
  try {
    assertEnvironmentsWithinLimit(template);
    iam = await IamCheck.fromTemplate(template);
  } catch (error) {
    await closeBeforeListening();
    throw error;
  }
  // Reads and checks every schedule now, so one the runtime cannot honour refuses before anything listens.
  const schedules = new ScheduleRunner(readSchedules(template), {
    onLog: options.onLog ?? ((line) => console.log(line)),
  });

  const dynamodb = await startDynamoDbServer({
    template,
    dataDir: options.inMemory ? undefined : path.join(dataDir, 'dynamodb'),
    port: port(2),
    checkIam: true,
  });
  const tableLogicalId = logicalIds.table;
  const tableName = dynamodb.tableNames[tableLogicalId];
  if (!tableName) throw new Error(`The records table ${tableLogicalId} was not created locally`);

  const functions = functionMap(template);
  const secrets = localSecrets(dataDir, process.env);
  const adminTokens = [
    { who: options.adminEmail ?? 'admin@local', token: secrets.adminToken },
    ...(options.extraAdminTokens ?? []),
  ];
  const env: Record<string, string> = {
    ...policyEnvironment(config),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    // Every SDK call a function makes signs as that function, and the endpoints check its role.
    [K.awsIdentity]: 'invocation',
    [K.tableName]: tableName,
    [K.dynamodbEndpoint]: dynamodb.endpoint,
    [K.trelloApiBaseUrl]: `${trello.url}/1`,
    [K.trelloApiKey]: info.apiKey,
    [K.trelloApiToken]: info.adminToken,
    [K.trelloTimeScale]: String(options.trelloTimeScale ?? 1),
    // All steps run in this one process, so one in-memory pacer is shared and exact.
    [K.trelloPacer]: options.trelloPacer ?? 'memory',
    // No CloudWatch here: operational metrics are log lines.
    [K.metrics]: 'log',
    // The admin API checks bearer tokens against their hashes; API Gateway's JWT authorizer is AWS-only.
    [K.adminAuth]: 'token',
    [K.adminTokens]: JSON.stringify(
      adminTokens.map((t) => ({ who: t.who, sha256: adminTokenHash(t.token) })),
    ),
    [K.webhookSecrets]: secrets.webhookSecret,
    // Entra and Google get long-lived credentials and obtain their tokens from the simulator's token endpoint.
    ...(idp
      ? {
          [K.idpCredentials]: JSON.stringify(idp.longLivedCredentials ?? idp.credentials),
          [K.idpTimeScale]: String(idpTimeScale),
        }
      : {}),
    ...(adminHub ? { [K.adminHubCredentials]: JSON.stringify(adminHub.credentials) } : {}),
  };

  const runtime = await startLocalRuntime({
    template,
    functions,
    dataDir: path.join(dataDir, 'executions'),
    port: port(3),
    eventsPort: port(4),
    waitTimeOverrides: options.waitTimeOverrides,
    retryIntervalOverrides: options.retryIntervalOverrides,
    iam,
    lambdaConcurrency: options.lambdaConcurrency,
  });
  const busName = resolveIntrinsic(template, synthesis.busName, 'the lifecycle bus');
  const api = await startApiServer({
    routes: readHttpRoutes(template),
    host: runtime.host,
    port: port(0),
  });
  env[K.sfnEndpoint] = runtime.sfnEndpoint;
  env[K.eventsEndpoint] = runtime.eventsEndpoint;
  env[K.eventBusName] = busName;
  env[K.consoleUrl] = config.consoleUrl ?? `${api.url}/`;
  // Mail to people (ask-first sweeps) lands in an outbox file, never in a real mailbox.
  const outboxFile = path.join(dataDir, 'outbox.jsonl');
  env[K.mailFrom] = config.sweep.askFirst.from ?? LOCAL_MAIL_FROM;
  env[K.mailOutboxFile] = outboxFile;

  const loadedArn = (machine: Exclude<keyof LocalSynthesis['logicalIds'], 'table'>, name: string) => {
    const arn = runtime.stateMachines[logicalIds[machine]];
    if (!arn) throw new Error(`The ${name} state machine did not load into the local runtime`);
    return arn;
  };
  const onboardingArn = loadedArn('onboarding', 'onboarding');
  const offboardingArn = loadedArn('offboarding', 'offboarding');
  const sweepArn = loadedArn('sweep', 'sweep');
  const reconciliationArn = loadedArn('reconciliation', 'reconciliation');
  const leaveApprovalArn = loadedArn('leaveApproval', 'leave-approval');
  env[K.onboardingStateMachineArn] = onboardingArn;
  env[K.offboardingStateMachineArn] = offboardingArn;
  env[K.sweepStateMachineArn] = sweepArn;
  env[K.reconciliationStateMachineArn] = reconciliationArn;
  env[K.leaveApprovalStateMachineArn] = leaveApprovalArn;
  // Handlers run in this process and read their config from the environment, exactly as on Lambda:
  // set once and complete, with no await since the API server started, so no request reaches a
  // handler before it (the schedules start last, below).
  Object.assign(process.env, env);
  resetDependencies();
  const endpoints = {
    api: api.url,
    trello: trello.url,
    trelloApi: `${trello.url}/1`,
    dynamodb: dynamodb.endpoint,
    stepFunctions: runtime.sfnEndpoint,
    eventBridge: runtime.eventsEndpoint,
    eventBusName: busName,
    onboardingStateMachineArn: onboardingArn,
    offboardingStateMachineArn: offboardingArn,
    sweepStateMachineArn: sweepArn,
    reconciliationStateMachineArn: reconciliationArn,
    leaveApprovalStateMachineArn: leaveApprovalArn,
    ...(idp ? { idp: idp.url, idpKind: idp.kind } : {}),
    ...(adminHub ? { atlassianAdmin: adminHub.atlassian.url } : {}),
    outbox: outboxFile,
    tableName,
  };
  writePrivateFile(path.join(dataDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);
  // Last, so a firing finds the handlers' config in place.
  schedules.start({
    startExecution: (arn, name, input) => runtime.executions.start(arn, name, input),
    invoke: (logicalId, event) => runtime.host.invoke(logicalId, event),
    hasStateMachine: (arn) => Object.values(runtime.stateMachines).includes(arn),
    hasFunction: (logicalId) => runtime.host.has(logicalId),
  });

  return {
    api,
    adminToken: secrets.adminToken,
    webhookSecret: secrets.webhookSecret,
    trello,
    idp,
    adminHub,
    runtime,
    dynamodbEndpoint: dynamodb.endpoint,
    dynamodbThrottling: dynamodb.throttling,
    tableName,
    onboardingArn,
    offboardingArn,
    sweepArn,
    reconciliationArn,
    busName: endpoints.eventBusName,
    schedules: {
      list: () => schedules.list(),
      fireNow: (name) => schedules.fireNow(name),
    },
    endpoints,
    config,
    env,
    async close() {
      schedules.close();
      await api.close();
      await runtime.close();
      await trello.close();
      await adminHub?.close();
      await idp?.close();
      await dynamodb.close();
      releaseUmask();
    },
  };
}

/** Every synthesized function → its catalog handler module, found by the LANYARD_STEP variable. */
function functionMap(template: Record<string, unknown>): FunctionMap {
  const map: FunctionMap = {};
  for (const [logicalId, fn] of Object.entries(readFunctions(template))) {
    const stepId = fn.environment[STEP_ID_VARIABLE];
    const step = [...STEP_CATALOG, ...API_FUNCTIONS].find((s) => s.id === stepId);
    if (!step)
      throw new Error(
        `Function ${logicalId} names no step of infra/step-catalog.ts (${STEP_ID_VARIABLE}=${stepId})`,
      );
    map[logicalId] = { entry: stepEntryPath(step), timeoutSeconds: fn.timeoutSeconds };
  }
  return map;
}

/** Department Workspaces of the simulated Enterprise, by their display name. */
function departmentWorkspaces(trello: TrelloSimulator): Record<string, string> {
  const info = trello.info();
  const result: Record<string, string> = {};
  for (const org of trello.state.snapshot().organizations) {
    if (org.idEnterprise === info.enterpriseId && org.id !== info.defaultWorkspaceId)
      result[org.displayName] = org.id;
  }
  return result;
}
