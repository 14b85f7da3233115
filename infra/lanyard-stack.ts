/**
 * Lanyard on AWS: composes the constructs; no business logic here.
 * records table · secrets · config parameters · one Lambda per catalog step (least privilege) ·
 * onboarding, offboarding, sweep, reconciliation and leave-approval state machines · lifecycle bus with a rule per HR event type ·
 * a watch on the executions that end unfinished · schedules · HTTP API · dead-letter queues and
 * alarms on an encrypted topic.
 */
import {
  Annotations,
  ArnFormat,
  CfnOutput,
  Duration,
  aws_lambda_destinations as destinations,
  aws_iam as iam,
  type aws_kms as kms,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_scheduler as scheduler,
  aws_sns as sns,
} from 'aws-cdk-lib';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ConfigKeys as K } from '../functions/composition/config-keys.ts';
import { SweepWorkflow } from '../workflows/idle-seat-sweep/sweep-workflow.ts';
import { LeaveApprovalWorkflow } from '../workflows/leave-approval/leave-approval-workflow.ts';
import { OffboardingWorkflow } from '../workflows/offboarding/offboarding-workflow.ts';
import { OnboardingWorkflow } from '../workflows/onboarding/onboarding-workflow.ts';
import { ReconciliationWorkflow } from '../workflows/reconciliation/reconciliation-workflow.ts';
import { ConfigParameters } from './constructs/config-parameters.ts';
import { ExecutionWatch } from './constructs/execution-watch.ts';
import { FailureQueue } from './constructs/failure-queue.ts';
import { HttpApi } from './constructs/http-api.ts';
import { lanyardKey, logsKey } from './constructs/kms-keys.ts';
import { LifecycleBus } from './constructs/lifecycle-bus.ts';
import { OperationalAlarms } from './constructs/operational-alarms.ts';
import { ReconciliationSchedule } from './constructs/reconciliation-schedule.ts';
import { RecordTable } from './constructs/record-table.ts';
import { SeatWatchSchedule } from './constructs/seat-watch-schedule.ts';
import { LanyardSecrets } from './constructs/secrets.ts';
import { grantStepAccess, type StepAccessTargets, stepEnvironment } from './constructs/step-access.ts';
import { StepLambda } from './constructs/step-lambda.ts';
import { SweepSchedule } from './constructs/sweep-schedule.ts';
import type { DeployConfig } from './deploy-config.ts';
import { splitPolicyEnvironment } from './policy-environment.ts';
import { ASYNC_STEPS, STEP_CATALOG, type StepId } from './step-catalog.ts';
import { buildWithCatalogSteps } from './workflow-steps.ts';

export interface LanyardStackProps extends StackProps {
  config: DeployConfig;
}

export class LanyardStack extends Stack {
  public readonly records: RecordTable;
  public readonly secrets: LanyardSecrets;
  public readonly configParameters: ConfigParameters;
  public readonly alarmTopic: sns.Topic;
  public readonly alarmTopicKey: kms.Key;
  public readonly logKey: kms.Key;
  public readonly onboarding: OnboardingWorkflow;
  public readonly offboarding: OffboardingWorkflow;
  public readonly sweep: SweepWorkflow;
  public readonly reconciliation: ReconciliationWorkflow;
  /** Asks admins before a leave's change (deploy config `leaveApproval`; idle otherwise). */
  public readonly leaveApproval: LeaveApprovalWorkflow;
  public readonly bus: LifecycleBus;
  /** Closes the runs whose execution ended FAILED, TIMED_OUT or ABORTED before recording them. */
  public readonly executionWatch: ExecutionWatch;
  public readonly steps: Record<StepId, StepLambda>;
  public readonly http: HttpApi;
  /** Where undeliverable HR events, failed asynchronous invocations and dropped firings end up. */
  public readonly failureQueues: {
    hrEvents: FailureQueue;
    asyncInvocations: FailureQueue;
    schedules: FailureQueue | null;
  };
  public readonly schedules: Array<SeatWatchSchedule | SweepSchedule | ReconciliationSchedule> = [];
  public readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: LanyardStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.records = new RecordTable(this, 'Records');
    const secrets = new LanyardSecrets(this, 'Secrets', {
      slack: config.slackNotifications,
      idp: config.offboarding.idp?.kind ?? null,
      hrVendors: config.hrVendors,
      adminHub: config.trello.managementMode === 'adminhub',
    });
    this.secrets = secrets;

    // CloudWatch cannot publish to a topic under the AWS-managed SNS key, so the topic gets its own.
    const topicKey = lanyardKey(this, 'AlarmTopicKey', 'Lanyard alarm topic');
    topicKey.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    const alarmTopic = new sns.Topic(this, 'AlarmTopic', { masterKey: topicKey, enforceSSL: true });
    if (config.alarmEmail) alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
    this.alarmTopic = alarmTopic;
    this.alarmTopicKey = topicKey;
    this.logKey = logsKey(this, 'LogsKey');

    // The state machine's name is fixed up front so steps that send task callbacks can be granted on
    // its ARN without a dependency cycle (function policy → state machine → function).
    const machineArn = (name: string, resource = 'stateMachine') =>
      Stack.of(this).formatArn({
        service: 'states',
        resource,
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const onboardingName = `${this.stackName}-Onboarding`;
    const offboardingName = `${this.stackName}-Offboarding`;
    const onboardingArn = machineArn(onboardingName);
    const offboardingArn = machineArn(offboardingName);
    const sweepName = `${this.stackName}-IdleSeatSweep`;
    const sweepArn = machineArn(sweepName);
    const reconciliationName = `${this.stackName}-Reconciliation`;
    const reconciliationArn = machineArn(reconciliationName);
    const leaveApprovalName = `${this.stackName}-LeaveApproval`;
    const leaveApprovalArn = machineArn(leaveApprovalName);
    const callbackArns = [onboardingArn, offboardingArn, sweepArn, reconciliationArn, leaveApprovalArn];

    // The policy settings: the bounded ones in every function's environment, the unbounded ones
    // (department map, allow-list) in SSM parameters read by the steps that use them.
    const policy = splitPolicyEnvironment(config);
    this.configParameters = new ConfigParameters(this, 'Config', {
      values: policy.parameters,
      namePrefix: `/${this.stackName}/config`,
    });
    const environment: Record<string, string> = {
      ...policy.environment,
      [K.tableName]: this.records.table.tableName,
      [K.trelloApiBaseUrl]: config.trello.apiBaseUrl,
      [K.trelloSecretArn]: secrets.trello.secretArn,
      [K.trelloPacer]: 'dynamodb',
      [K.metrics]: 'emf',
      [K.notifyTopicArn]: alarmTopic.topicArn,
      [K.onboardingStateMachineArn]: onboardingArn,
      [K.offboardingStateMachineArn]: offboardingArn,
      [K.sweepStateMachineArn]: sweepArn,
      [K.reconciliationStateMachineArn]: reconciliationArn,
      [K.leaveApprovalStateMachineArn]: leaveApprovalArn,
      ...(secrets.slack && { [K.slackSecretArn]: secrets.slack.secretArn }),
      ...(secrets.idp && { [K.idpSecretArn]: secrets.idp.secretArn }),
      ...(secrets.adminHub && { [K.adminHubSecretArn]: secrets.adminHub.secretArn }),
    };
    // The bus before the functions, so those that publish are granted on it as they are created;
    // its rules come once the workflows they start exist.
    this.bus = new LifecycleBus(this, 'Lifecycle', {
      archiveRetention: Duration.days(config.eventArchiveRetentionDays),
    });
    const access: StepAccessTargets = {
      table: this.records.table,
      statusIndexName: this.records.statusIndexName,
      trelloSecret: secrets.trello,
      idpSecret: secrets.idp,
      adminHubSecret: secrets.adminHub,
      slackSecret: secrets.slack,
      notifyTopic: alarmTopic,
      callbackStateMachineArns: callbackArns,
      // The sweep and the reconciliation on request; onboarding and offboarding when an admin retries a failed run.
      startableStateMachineArns: [sweepArn, onboardingArn, offboardingArn, reconciliationArn],
      onboarding: {
        stateMachineArn: onboardingArn,
        executionsArn: machineArn(`${onboardingName}:*`, 'execution'),
      },
      leaveApprovalStateMachineArn: leaveApprovalArn,
      configParameters: this.configParameters,
      bus: this.bus.bus,
      mailFrom: config.sweep.askFirst.from,
      webhookSecret: secrets.webhook,
      vendorSecrets: secrets.vendors,
    };

    const steps = {} as Record<StepId, StepLambda>;
    for (const step of STEP_CATALOG) {
      const fn = new StepLambda(this, pascal(step.id), {
        step,
        environment: stepEnvironment(step.access, environment, access),
        logKey: this.logKey,
      });
      grantStepAccess(fn.fn, step.access, access);
      steps[step.id] = fn;
    }
    this.steps = steps;
    const fnOf = (id: StepId) => steps[id].fn;
    const functions = Object.fromEntries(STEP_CATALOG.map((step) => [step.id, fnOf(step.id)]));

    // Failures nothing else would report: an HR event a rule could not deliver, an asynchronous
    // invocation that failed after Lambda's retries, a schedule firing Scheduler gave up on.
    this.failureQueues = {
      hrEvents: new FailureQueue(this, 'HrEventDeadLetters', {
        what: 'HR events a lifecycle rule could not deliver to its workflow or function',
        remedy:
          'Each message is the event (and why in its attributes): fix the cause, then replay it from the archive or send it again.',
        alarmTopic,
      }),
      asyncInvocations: new FailureQueue(this, 'AsyncFailures', {
        what: 'profile updates, seat watches or closings of stranded runs that failed after Lambda retried them, and execution-end events the watch rule could not deliver',
        remedy:
          'Each message holds the request and the error: fix the cause; HR profile events can be sent again; a stranded run (its execution ended, its record still running) is in the message: end it by hand.',
        alarmTopic,
      }),
      schedules: null,
    };
    // Lambda's asynchronous retries, then the on-failure destination: Lambda sends it with the
    // function's own role (SqsDestination grants it sqs:SendMessage on the queue).
    const onFailure = new destinations.SqsDestination(this.failureQueues.asyncInvocations.queue);
    fnOf('apply-profile-event').configureAsyncInvoke({
      onFailure,
      maxEventAge: Duration.hours(6),
      retryAttempts: 2,
    });
    fnOf('watch-seats').configureAsyncInvoke({ onFailure, maxEventAge: Duration.hours(1), retryAttempts: 2 });
    fnOf('close-stranded-run').configureAsyncInvoke({
      onFailure,
      maxEventAge: Duration.hours(6),
      retryAttempts: 2,
    });

    // What every state machine shares; each takes its steps from the catalog (infra/workflow-steps.ts).
    const machine = (stateMachineName: string) => ({
      stateMachineName,
      alarmTopic,
      logKey: this.logKey,
      approvalTimeout: Duration.hours(config.approvalTimeoutHours),
    });
    this.onboarding = buildWithCatalogSteps(
      'onboarding',
      functions,
      (steps) =>
        new OnboardingWorkflow(this, 'Onboarding', {
          ...machine(onboardingName),
          // Only Lanyard stops onboarding executions: Begin Offboarding, when a termination supersedes
          // the hire (recorded on both runs and notified). Every stop is deliberate, so an Aborted
          // alarm here could only ever be false; failed and timed-out runs still alarm.
          alarmOnAborted: false,
          firstLoginPollInterval: Duration.minutes(config.firstLoginPollMinutes),
          firstLoginMaxPollInterval: Duration.minutes(config.firstLoginMaxPollMinutes),
          steps,
        }),
    );
    this.offboarding = buildWithCatalogSteps(
      'offboarding',
      functions,
      (steps) => new OffboardingWorkflow(this, 'Offboarding', { ...machine(offboardingName), steps }),
    );
    this.sweep = buildWithCatalogSteps(
      'idle-seat-sweep',
      functions,
      (steps) => new SweepWorkflow(this, 'IdleSeatSweep', { ...machine(sweepName), steps }),
    );
    this.reconciliation = buildWithCatalogSteps(
      'reconciliation',
      functions,
      (steps) =>
        new ReconciliationWorkflow(this, 'Reconciliation', { ...machine(reconciliationName), steps }),
    );

    this.leaveApproval = buildWithCatalogSteps(
      'leave-approval',
      functions,
      (steps) => new LeaveApprovalWorkflow(this, 'LeaveApproval', { ...machine(leaveApprovalName), steps }),
    );

    // Lanyard's schedules in a group of their own, so the Scheduler metrics (per group) are Lanyard's.
    const scheduleGroupName =
      config.seatWatchSchedule || config.sweep.schedule || config.reconciliation.schedule
        ? this.stackName
        : null;
    if (scheduleGroupName !== null) {
      const group = new scheduler.ScheduleGroup(this, 'Schedules', {
        scheduleGroupName,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const deadLetters = new FailureQueue(this, 'ScheduleDeadLetters', {
        what: 'schedule firings (seat watch, sweep, reconciliation) Scheduler could not deliver after its retries',
        remedy: 'Fix the cause (the message says which schedule and why); the next firing runs as usual.',
        alarmTopic,
      });
      this.failureQueues.schedules = deadLetters;
      const scheduled = { groupName: scheduleGroupName, deadLetterQueue: deadLetters.queue };
      if (config.seatWatchSchedule) {
        this.schedules.push(
          new SeatWatchSchedule(this, 'SeatWatchSchedule', {
            fn: fnOf('watch-seats'),
            expression: config.seatWatchSchedule,
            ...scheduled,
          }),
        );
      }
      if (config.sweep.schedule) {
        this.schedules.push(
          new SweepSchedule(this, 'SweepSchedule', {
            stateMachine: this.sweep.stateMachine,
            expression: config.sweep.schedule,
            mode: config.sweep.mode,
            ...scheduled,
          }),
        );
      }
      if (config.reconciliation.schedule) {
        this.schedules.push(
          new ReconciliationSchedule(this, 'ReconciliationSchedule', {
            stateMachine: this.reconciliation.stateMachine,
            expression: config.reconciliation.schedule,
            mode: config.reconciliation.mode,
            ...scheduled,
          }),
        );
      }
      for (const schedule of this.schedules) schedule.node.addDependency(group);
    }

    // A run whose recording step (Finish, Begin Sweep, Begin Reconciliation) failed past its
    // retries is left `running` by its ended execution: this watch ends it failed and notifies.
    this.executionWatch = new ExecutionWatch(this, 'ExecutionWatch', {
      stateMachines: [
        this.onboarding.stateMachine,
        this.offboarding.stateMachine,
        this.sweep.stateMachine,
        this.reconciliation.stateMachine,
        this.leaveApproval.stateMachine,
      ],
      fn: fnOf('close-stranded-run'),
      deadLetterQueue: this.failureQueues.asyncInvocations.queue,
    });

    const onboarding = { stateMachine: this.onboarding.stateMachine };
    const profileOnly = { fn: fnOf('apply-profile-event') };
    this.bus.route(
      {
        'employee.hired': onboarding,
        'employee.rehired': onboarding,
        'employee.updated': profileOnly,
        'employee.leave_started': profileOnly,
        'employee.leave_ended': profileOnly,
        'employee.terminated': { stateMachine: this.offboarding.stateMachine },
      },
      this.failureQueues.hrEvents.queue,
    );

    this.http = new HttpApi(this, 'Http', {
      environment,
      access,
      cognitoDomainPrefix: config.api.cognitoDomainPrefix,
      rateLimit: config.api.rateLimit,
      routeThrottles: config.api.routeThrottles,
      logKey: this.logKey,
    });

    const asyncSteps = new Set<StepId>(ASYNC_STEPS);
    const named = (ids: StepId[]) => ids.map((id) => ({ id, fn: fnOf(id) }));
    this.alarms = new OperationalAlarms(this, 'Alarms', {
      alarmTopic,
      functionGroups: [
        {
          name: 'Workflow steps',
          functions: named(STEP_CATALOG.map((s) => s.id).filter((id) => !asyncSteps.has(id))),
          errorThreshold: 5,
        },
        { name: 'Event handlers', functions: named([...ASYNC_STEPS]), errorThreshold: 1 },
        {
          name: 'HTTP API functions',
          functions: Object.entries(this.http.functions).map(([id, f]) => ({ id, fn: f.fn })),
          errorThreshold: 1,
        },
      ],
      api: this.http.api,
      table: this.records.table,
      statusIndexName: this.records.statusIndexName,
      bus: this.bus.bus,
      rules: Object.values(this.bus.rules),
      defaultBusRules: [this.executionWatch.rule],
      scheduleGroupName,
    });

    if (config.massChangeGuard === 'off')
      Annotations.of(this).addWarningV2(
        'lanyard:mass-change-guard-off',
        'The mass-change guard is off: any number of terminations (a broken HR feed included) and any sweep, however many seats it reclaims, runs at once (massChangeGuard: "off").',
      );
    this.outputs(secrets);
  }

  /** What an operator needs after `cdk deploy`: every URL, and every secret to fill in. */
  private outputs(secrets: LanyardSecrets): void {
    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output(
      'ApiUrl',
      this.http.api.apiEndpoint,
      'HR events (POST /hr/events), admin API (/admin), console (/)',
    );
    output('ConsoleUrl', this.http.consoleUrl, 'The admin console (sign in from here)');
    if (this.http.signInUrl)
      output('SignInUrl', this.http.signInUrl, "Cognito's hosted sign-in page for the console");
    output('AdminUserPoolId', this.http.userPool.userPoolId, 'Cognito user pool of the admins');
    output(
      'ConsoleClientId',
      this.http.consoleClient.userPoolClientId,
      'Cognito app client of the console and CLI',
    );
    output('WebhookSecretArn', secrets.webhook.secretArn, 'Read it: give HR systems whsec_<current>');
    output(
      'TrelloSecretArn',
      secrets.trello.secretArn,
      'Fill in: {"apiKey","apiToken"} of an Enterprise admin',
    );
    if (secrets.idp)
      output('IdpSecretArn', secrets.idp.secretArn, 'Fill in: the identity provider credentials (README)');
    if (secrets.adminHub) {
      output(
        'AdminHubSecretArn',
        secrets.adminHub.secretArn,
        'Fill in: {"apiKey","orgId","directoryId"} of an Atlassian Administration organization API key (README)',
      );
    }
    if (secrets.slack) output('SlackSecretArn', secrets.slack.secretArn, 'Fill in: {"webhookUrl"}');
    for (const secret of Object.values(secrets.vendors))
      output(`${secret.node.id}SecretArn`, secret.secretArn, `Fill in: ${secret.node.id} (README)`);
    output('AlarmTopicArn', this.alarmTopic.topicArn, 'Alarms and admin notifications (subscribe more here)');
    output(
      'HrEventDeadLetterQueueUrl',
      this.failureQueues.hrEvents.queue.queueUrl,
      'Undeliverable HR events',
    );
    output(
      'AsyncFailureQueueUrl',
      this.failureQueues.asyncInvocations.queue.queueUrl,
      'Failed profile updates and seat watches',
    );
    if (this.failureQueues.schedules)
      output(
        'ScheduleDeadLetterQueueUrl',
        this.failureQueues.schedules.queue.queueUrl,
        'Dropped schedule firings',
      );
  }
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}
