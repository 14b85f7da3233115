/**
 * Lanyard on AWS: composes the constructs; no business logic here.
 * records table · Trello secret · one Lambda per catalog step (least privilege) · onboarding
 * state machine · lifecycle bus with a rule per HR event type · alarm topic.
 */
import {
  ArnFormat,
  CfnOutput,
  Duration,
  aws_iam as iam,
  aws_kms as kms,
  Stack,
  type StackProps,
  aws_sns as sns,
} from 'aws-cdk-lib';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ConfigKeys as K } from '../functions/runtime/config-keys.ts';
import { SweepWorkflow } from '../workflows/idle-seat-sweep/sweep-workflow.ts';
import { OffboardingWorkflow } from '../workflows/offboarding/offboarding-workflow.ts';
import { OnboardingWorkflow } from '../workflows/onboarding/onboarding-workflow.ts';
import { denyAuditRewrites } from './constructs/audit-append-only.ts';
import { HttpApi } from './constructs/http-api.ts';
import { LifecycleBus } from './constructs/lifecycle-bus.ts';
import { RecordTable } from './constructs/record-table.ts';
import { SeatWatchSchedule } from './constructs/seat-watch-schedule.ts';
import { LanyardSecrets } from './constructs/secrets.ts';
import { StepFunction } from './constructs/step-function.ts';
import { SweepSchedule } from './constructs/sweep-schedule.ts';
import type { DeployConfig } from './deploy-config.ts';
import { policyEnvironment } from './policy-environment.ts';
import { STEP_CATALOG, type StepId } from './step-catalog.ts';

export interface LanyardStackProps extends StackProps {
  config: DeployConfig;
}

export class LanyardStack extends Stack {
  public readonly records: RecordTable;
  public readonly onboarding: OnboardingWorkflow;
  public readonly offboarding: OffboardingWorkflow;
  public readonly sweep: SweepWorkflow;
  public readonly bus: LifecycleBus;
  public readonly steps: Record<StepId, StepFunction>;
  public readonly http: HttpApi;

  constructor(scope: Construct, id: string, props: LanyardStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.records = new RecordTable(this, 'Records');
    const secrets = new LanyardSecrets(this, 'Secrets', {
      slack: config.slackNotifications,
      idp: config.offboarding.idp?.kind ?? null,
      hrVendors: config.hrVendors,
    });

    // CloudWatch cannot publish to a topic under the AWS-managed SNS key, so the topic gets its own.
    const topicKey = new kms.Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'Lanyard alarm topic',
    });
    topicKey.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    const alarmTopic = new sns.Topic(this, 'AlarmTopic', { masterKey: topicKey, enforceSSL: true });
    if (config.alarmEmail) alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));

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
    const callbackArns = [onboardingArn, offboardingArn, sweepArn];

    const environment: Record<string, string> = {
      ...policyEnvironment(config),
      [K.tableName]: this.records.table.tableName,
      [K.trelloApiBaseUrl]: config.trello.apiBaseUrl,
      [K.trelloSecretArn]: secrets.trello.secretArn,
      [K.trelloPacer]: 'dynamodb',
      [K.metrics]: 'emf',
      [K.notifyTopicArn]: alarmTopic.topicArn,
      [K.onboardingStateMachineArn]: onboardingArn,
      [K.offboardingStateMachineArn]: offboardingArn,
      [K.sweepStateMachineArn]: sweepArn,
      ...(secrets.slack && { [K.slackSecretArn]: secrets.slack.secretArn }),
      ...(secrets.idp && { [K.idpSecretArn]: secrets.idp.secretArn }),
    };

    const steps = {} as Record<StepId, StepFunction>;
    for (const step of STEP_CATALOG) {
      const fn = new StepFunction(this, pascal(step.id), { step, environment });
      if (step.access.table === 'read-write') this.records.table.grantReadWriteData(fn.fn);
      else this.records.table.grantReadData(fn.fn);
      denyAuditRewrites(fn.fn, this.records.table);
      if (step.access.trelloSecret) secrets.trello.grantRead(fn.fn);
      if ('notify' in step.access && step.access.notify) {
        alarmTopic.grantPublish(fn.fn);
        secrets.slack?.grantRead(fn.fn);
      }
      if ('idpSecret' in step.access && step.access.idpSecret) secrets.idp?.grantRead(fn.fn);
      if (step.access.taskCallbacks) {
        fn.fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
            resources: callbackArns,
          }),
        );
      }
      const mailFrom = config.sweep.askFirst.from;
      if ('mailsPeople' in step.access && step.access.mailsPeople && mailFrom) {
        // SES authorizes SendEmail on the sender's identity: the address, or its verified domain.
        const identity = (name: string) =>
          Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: name });
        fn.fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: [identity(mailFrom), identity(mailFrom.split('@')[1] ?? mailFrom)],
          }),
        );
      }
      if ('stopsOnboarding' in step.access && step.access.stopsOnboarding) {
        fn.fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['states:DescribeExecution', 'states:StopExecution'],
            resources: [machineArn(`${onboardingName}:*`, 'execution')],
          }),
        );
        // Ending an approval wait is a task callback, authorized on the state machine.
        fn.fn.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['states:SendTaskFailure'], resources: [onboardingArn] }),
        );
      }
      steps[step.id] = fn;
    }
    this.steps = steps;
    const fnOf = (id: StepId) => steps[id].fn;

    this.onboarding = new OnboardingWorkflow(this, 'Onboarding', {
      stateMachineName: onboardingName,
      alarmTopic,
      approvalTimeout: Duration.hours(config.approvalTimeoutHours),
      firstLoginPollInterval: Duration.minutes(config.firstLoginPollMinutes),
      steps: {
        'begin-onboarding': fnOf('begin-onboarding'),
        'decide-onboarding-path': fnOf('decide-onboarding-path'),
        'reactivate-member': fnOf('reactivate-member'),
        'grant-seat': fnOf('grant-seat'),
        'invite-to-workspace': fnOf('invite-to-workspace'),
        'check-first-login': fnOf('check-first-login'),
        'ensure-workspaces': fnOf('ensure-workspaces'),
        'verify-onboarding': fnOf('verify-onboarding'),
        'finish-onboarding': fnOf('finish-onboarding'),
        'ask-for-seats': fnOf('ask-for-seats'),
        'restore-idp-user': fnOf('restore-idp-user'),
      },
    });

    this.offboarding = new OffboardingWorkflow(this, 'Offboarding', {
      stateMachineName: offboardingName,
      alarmTopic,
      approvalTimeout: Duration.hours(config.approvalTimeoutHours),
      steps: {
        'begin-offboarding': fnOf('begin-offboarding'),
        'plan-offboarding': fnOf('plan-offboarding'),
        'hand-over-board': fnOf('hand-over-board'),
        'deactivate-member': fnOf('deactivate-member'),
        'note-cut-delay': fnOf('note-cut-delay'),
        'review-tokens': fnOf('review-tokens'),
        'verify-tokens': fnOf('verify-tokens'),
        'deactivate-idp-user': fnOf('deactivate-idp-user'),
        'verify-offboarding': fnOf('verify-offboarding'),
        'finish-offboarding': fnOf('finish-offboarding'),
        'ask-offboarding-approval': fnOf('ask-offboarding-approval'),
      },
    });

    this.sweep = new SweepWorkflow(this, 'IdleSeatSweep', {
      stateMachineName: sweepName,
      alarmTopic,
      approvalTimeout: Duration.hours(config.approvalTimeoutHours),
      steps: {
        'begin-sweep': fnOf('begin-sweep'),
        'list-idle-members': fnOf('list-idle-members'),
        'ask-sweep-approval': fnOf('ask-sweep-approval'),
        'ask-idle-members': fnOf('ask-idle-members'),
        'reclaim-seats': fnOf('reclaim-seats'),
        'recheck-candidates': fnOf('recheck-candidates'),
        'finish-sweep': fnOf('finish-sweep'),
      },
    });
    if (config.seatWatchSchedule) {
      new SeatWatchSchedule(this, 'SeatWatchSchedule', {
        fn: fnOf('watch-seats'),
        expression: config.seatWatchSchedule,
      });
    }
    if (config.sweep.schedule) {
      new SweepSchedule(this, 'SweepSchedule', {
        stateMachine: this.sweep.stateMachine,
        expression: config.sweep.schedule,
        mode: config.sweep.mode,
      });
    }

    const onboarding = { stateMachine: this.onboarding.stateMachine };
    const profileOnly = { fn: fnOf('apply-profile-event') };
    this.bus = new LifecycleBus(this, 'Lifecycle', {
      routes: {
        'employee.hired': onboarding,
        'employee.rehired': onboarding,
        'employee.updated': profileOnly,
        'employee.leave_started': profileOnly,
        'employee.leave_ended': profileOnly,
        'employee.terminated': { stateMachine: this.offboarding.stateMachine },
      },
    });

    this.http = new HttpApi(this, 'Http', {
      environment,
      table: this.records.table,
      bus: this.bus.bus,
      trelloSecret: secrets.trello,
      webhookSecret: secrets.webhook,
      vendorSecrets: secrets.vendors,
      callbackStateMachineArns: callbackArns,
      sweepStateMachineArn: sweepArn,
      cognitoDomainPrefix: config.api.cognitoDomainPrefix,
      rateLimit: config.api.rateLimit,
    });
    new CfnOutput(this, 'ApiUrl', {
      value: this.http.api.apiEndpoint,
      description: 'HR events, admin API, console',
    });
    new CfnOutput(this, 'AdminUserPoolId', { value: this.http.userPool.userPoolId });
    new CfnOutput(this, 'WebhookSecretArn', { value: secrets.webhook.secretArn });
  }
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}
