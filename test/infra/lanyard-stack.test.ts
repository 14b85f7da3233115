import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { DetailTypes, HR_EVENT_SOURCE } from '../../functions/contracts/hr-event.ts';
import { API_FUNCTIONS } from '../../infra/api-catalog.ts';
import { buildApp } from '../../infra/build-app.ts';
import { parseDeployConfig } from '../../infra/deploy-config.ts';
import { STEP_CATALOG, STEP_ID_VARIABLE } from '../../infra/step-catalog.ts';
import { testDeployConfig } from '../support/deploy-config.ts';
import { type CfnResource, roleStatements } from '../support/lanyard-template.ts';

const outdirs: string[] = [];
function outdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanyard-synth-'));
  outdirs.push(dir);
  return dir;
}

/**
 * `npx cdk synth` as CI and a deploy run it, started before anything else in this file: it is a
 * process of its own (40 esbuild bundles, cdk-nag, cfn-guard) and needs none of the in-process
 * synths below, so it runs beside them instead of after them. Its test awaits the result.
 */
function cdkSynth(dir: string): { done: Promise<{ status: number | null; stderr: string }>; stop(): void } {
  const child = spawn('npx', ['cdk', 'synth', '--quiet', '-o', dir], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      CDK_HOME: path.join(dir, '.cdk-home'),
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      CDK_DISABLE_VERSION_CHECK: '1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group, so stop() ends the CLI and the app it started.
    detached: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<{ status: number | null; stderr: string }>((resolve) => {
    child.on('error', (error) => resolve({ status: null, stderr: `${stderr}${error.message}` }));
    child.on('close', (status) => resolve({ status, stderr }));
  });
  return {
    done,
    stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    },
  };
}
const deployableDir = outdir();
const deployable = cdkSynth(deployableDir);

afterAll(() => {
  deployable.stop();
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('LanyardStack template', () => {
  const { app, stack } = buildApp({ config: testDeployConfig, bundling: false, outdir: outdir() });
  // synth runs the cdk-nag validation plugin: an unacknowledged finding throws here.
  app.synth();
  const template = Template.fromStack(stack);
  const json = template.toJSON() as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };

  it('has the records table with pk/sk, the status GSI, TTL and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
        }),
      ],
    });
  });

  it('has one rule per HR event type on the lifecycle bus, each with a target', () => {
    for (const detailType of Object.values(DetailTypes)) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: Match.anyValue(),
        EventPattern: { source: [HR_EVENT_SOURCE], 'detail-type': [detailType] },
        Targets: Match.arrayWith([Match.objectLike({ Arn: Match.anyValue() })]),
      });
    }
    // Besides them, the execution watch's rule on the default bus.
    template.resourceCountIs('AWS::Events::Rule', Object.keys(DetailTypes).length + 1);
  });

  it("watches the stack's own executions that end failed, timed out or aborted, on the default bus, for Close Stranded Run", () => {
    const ofType = (type: string) =>
      Object.keys(json.Resources)
        .filter((id) => json.Resources[id]?.Type === type)
        .sort();
    const watches = Object.entries(json.Resources).filter(
      ([, r]) =>
        r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties.EventPattern).includes('aws.states'),
    );
    expect(watches).toHaveLength(1);
    const [ruleId, rule] = watches[0] as [string, (typeof json.Resources)[string]];
    // No EventBusName: Step Functions sends its status changes to the default bus only.
    expect(rule.Properties.EventBusName).toBeUndefined();
    const pattern = rule.Properties.EventPattern as Record<string, unknown> & {
      detail: { stateMachineArn: Array<{ Ref: string }> };
    };
    expect(pattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: expect.any(Array) },
    });
    // Every state machine of the stack, by reference, and nothing else (no wildcard, no prefix).
    expect(pattern.detail.stateMachineArn.map((arn) => arn.Ref).sort()).toEqual(
      ofType('AWS::StepFunctions::StateMachine'),
    );
    const closer = Object.keys(json.Resources).find(
      (id) =>
        json.Resources[id]?.Type === 'AWS::Lambda::Function' &&
        JSON.stringify(json.Resources[id]).includes('"close-stranded-run"'),
    );
    expect(closer).toBeDefined();
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [closer, 'Arn'] },
        DeadLetterConfig: { Arn: expect.anything() },
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      }),
    ]);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [closer, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });

  it('routes hires and rehires to onboarding, terminations to offboarding', () => {
    const machine = (name: string) =>
      Object.keys(json.Resources).find(
        (id) => id.startsWith(name) && json.Resources[id]?.Type === 'AWS::StepFunctions::StateMachine',
      );
    const routes: Array<[string, string]> = [
      [DetailTypes['employee.hired'], 'Onboarding'],
      [DetailTypes['employee.rehired'], 'Onboarding'],
      [DetailTypes['employee.terminated'], 'Offboarding'],
    ];
    for (const [detailType, name] of routes) {
      expect(machine(name)).toBeDefined();
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { 'detail-type': [detailType] },
        Targets: [Match.objectLike({ Arn: { Ref: machine(name) } })],
      });
    }
  });

  it('lets only Begin Offboarding stop executions, and only executions of the onboarding machine', () => {
    const stoppers = Object.values(json.Resources).filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties).includes('states:StopExecution'),
    );
    expect(stoppers.map((p) => JSON.stringify(p.Properties.Roles))).toEqual([
      expect.stringMatching(/BeginOffboarding/),
    ]);
    expect(JSON.stringify(stoppers[0]?.Properties)).toMatch(/:execution:Lanyard-Onboarding:\*/);
  });

  it('lets Begin Offboarding end an onboarding waiting on an approval (SendTaskFailure on the onboarding machine only)', () => {
    const statements = Object.values(json.Resources)
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('BeginOffboarding'),
      )
      .flatMap(
        (p) => (p.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
      );
    const failTask = statements.filter((st) => JSON.stringify(st.Action).includes('states:SendTaskFailure'));
    // The onboarding wait it supersedes, and the leave approval a termination withdraws: nothing else.
    expect(failTask).toHaveLength(2);
    expect(failTask.map((st) => JSON.stringify(st.Resource)).sort()).toEqual([
      expect.stringMatching(/:stateMachine:Lanyard-LeaveApproval"/),
      expect.stringMatching(/:stateMachine:Lanyard-Onboarding"/),
    ]);
    for (const st of failTask)
      expect(JSON.stringify(st.Action)).not.toMatch(/SendTaskSuccess|StartExecution/);
  });

  it('lets only Apply Profile Event and Finish Onboarding start leave approvals, on the leave-approval machine only', () => {
    const starters = Object.values(json.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .filter((p) =>
        (p.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement.some(
          (st) =>
            JSON.stringify(st.Action).includes('states:StartExecution') &&
            JSON.stringify(st.Resource).includes(':stateMachine:Lanyard-LeaveApproval"'),
        ),
      )
      .map((p) => JSON.stringify(p.Properties.Roles).match(/"(\w+?)Fn\w*Role/)?.[1])
      .sort();
    expect(starters).toEqual(['ApplyProfileEvent', 'FinishOnboarding']);
  });

  it('runs onboarding, offboarding, the sweep, the reconciliation and the leave approval as STANDARD machines with X-Ray and logs, alarms on their failed, timed-out and (but for onboarding) aborted runs, and alarms on a late access cut', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 5);
    template.allResourcesProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ IncludeExecutionData: false }),
    });
    // Each machine's own alarms, on the first run that ends badly. Only Lanyard stops onboarding
    // runs (a termination supersedes the hire), so an aborted onboarding is no alarm.
    const expected: Array<[string, string[]]> = [
      ['Onboarding', ['ExecutionsFailed', 'ExecutionsTimedOut']],
      ['Offboarding', ['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']],
      ['IdleSeatSweep', ['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']],
      ['Reconciliation', ['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']],
      ['LeaveApproval', ['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']],
    ];
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Array<{
      Properties: { Namespace?: string; MetricName?: string; Threshold: number; Dimensions?: unknown };
    }>;
    const workflowAlarms = alarms.filter((a) => a.Properties.Namespace === 'AWS/States');
    for (const [name, metrics] of expected) {
      const machine = Object.keys(json.Resources).find(
        (id) => id.startsWith(name) && json.Resources[id]?.Type === 'AWS::StepFunctions::StateMachine',
      );
      const own = workflowAlarms.filter(
        (a) =>
          JSON.stringify(a.Properties.Dimensions) ===
          JSON.stringify([{ Name: 'StateMachineArn', Value: { Ref: machine } }]),
      );
      expect(own.map((a) => a.Properties.MetricName).sort(), name).toEqual(metrics);
      for (const alarm of own) expect(alarm.Properties.Threshold).toBe(1);
    }
    expect(workflowAlarms).toHaveLength(14);
    // The cut steps write CutSloMissed (EMF) once per late cut; both cuts feed one alarm. The
    // other alarms (dead-letter queues, functions, API, rules, schedules, table): operations.test.ts.
    const late = JSON.stringify(template.findResources('AWS::CloudWatch::Alarm'));
    expect(late).toContain('"MetricName":"CutSloMissed"');
    expect(late).toContain('"Namespace":"Lanyard"');
    for (const cut of ['trello', 'idp']) expect(late).toContain(`{"Name":"Cut","Value":"${cut}"}`);
  });

  it('creates one Lambda per catalog step, on Node 22, tagged with its step id', () => {
    for (const step of STEP_CATALOG) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs22.x',
        // Every Lambda paces Trello calls through the shared DynamoDB schedule.
        Environment: {
          Variables: Match.objectLike({ [STEP_ID_VARIABLE]: step.id, LANYARD_TRELLO_PACER: 'dynamodb' }),
        },
      });
    }
  });

  it('grants no wildcard actions and no data action on every resource', () => {
    for (const [id, resource] of Object.entries(json.Resources)) {
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      const statements = (
        resource.Properties.PolicyDocument as {
          Statement: Array<{ Action: string | string[]; Resource: unknown }>;
        }
      ).Statement;
      for (const statement of statements) {
        const actions = [statement.Action].flat();
        for (const action of actions) expect(action, `${id}: ${action}`).not.toMatch(/(^\*$|:\*$)/);
        const dataActions = actions.filter((a) => /^(dynamodb|secretsmanager|states):/.test(a));
        if (dataActions.length > 0)
          expect(statement.Resource, `${id}: ${dataActions.join(',')}`).not.toBe('*');
      }
    }
  });

  it('lets only the Trello-calling steps read the Trello secret', () => {
    const secret = Object.keys(json.Resources).find(
      (id) =>
        json.Resources[id]?.Type === 'AWS::SecretsManager::Secret' &&
        JSON.stringify(json.Resources[id].Properties).includes('apiToken'),
    );
    const readers = Object.values(json.Resources).filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties.PolicyDocument).includes('secretsmanager:GetSecretValue') &&
        JSON.stringify(r.Properties.PolicyDocument).includes(`"Ref":"${secret}"`),
    );
    expect(readers).toHaveLength(
      [...STEP_CATALOG, ...API_FUNCTIONS].filter((s) => s.access.trelloSecret).length,
    );
  });

  it('schedules the sweep when configured: Scheduler starts only the sweep machine, and cdk-nag passes', () => {
    const config = parseDeployConfig({
      ...testDeployConfig,
      sweep: { schedule: 'cron(0 6 ? * MON *)', mode: 'approve' },
    });
    const built = buildApp({ config, bundling: false, nag: true });
    expect(() => built.app.synth()).not.toThrow();
    const scheduled = Template.fromStack(built.stack);
    const machine = Object.entries(scheduled.toJSON().Resources as Record<string, { Type: string }>).find(
      ([id, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && id.startsWith('IdleSeatSweep'),
    )?.[0];
    scheduled.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 ? * MON *)',
      Target: Match.objectLike({
        Arn: { Ref: machine },
        Input: JSON.stringify({ mode: 'approve', dryRun: false, requestedBy: 'schedule' }),
      }),
    });
    // The schedule's role: StartExecution on the sweep machine and nothing else of Step Functions;
    // besides that only sending a dropped firing to the schedule's dead-letter queue.
    const resources = scheduled.toJSON().Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const target = Object.values(resources).find(
      (r) => r.Type === 'AWS::Scheduler::Schedule' && JSON.stringify(r).includes(`"Ref":"${machine}"`),
    )?.Properties.Target as {
      RoleArn: { 'Fn::GetAtt': [string, string] };
      DeadLetterConfig: { Arn: unknown };
    };
    const role = target.RoleArn['Fn::GetAtt'][0];
    const statements = roleStatements(resources as Record<string, CfnResource>, role);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      const startsSweep =
        statement.Action === 'states:StartExecution' &&
        JSON.stringify(statement.Resource) === JSON.stringify({ Ref: machine });
      const sendsToDeadLetters =
        [statement.Action].flat().every((a) => String(a).startsWith('sqs:')) &&
        JSON.stringify(statement.Resource) === JSON.stringify(target.DeadLetterConfig.Arn);
      expect(startsSweep || sendsToDeadLetters, JSON.stringify(statement)).toBe(true);
      expect(statement.Effect).toBe('Allow');
    }
    scheduled.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: role }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'states:StartExecution', Resource: { Ref: machine } }),
        ]),
      },
    });
  });

  it('watches seats every 30 minutes by default: Scheduler may invoke only the watch function', () => {
    // The default config's template is the one synthesized (and policy-checked) above.
    const watched = template;
    const resources = watched.toJSON().Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const fnId = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r).includes('"watch-seats"'),
    )?.[0];
    expect(fnId).toBeDefined();
    watched.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(30 minutes)',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, Input: '{}' }),
    });
    // No policy validation here (cdk-nag and cfn-guard run on other synths): it costs seconds a synth.
    const off = Template.fromStack(
      buildApp({
        config: parseDeployConfig({
          ...testDeployConfig,
          seatWatchSchedule: null,
          reconciliation: { schedule: null },
        }),
        bundling: false,
        nag: false,
      }).stack,
    );
    off.resourceCountIs('AWS::Scheduler::Schedule', 0);
  });

  it('reconciles daily by default, report only: Scheduler starts only the reconciliation machine; null turns it off', () => {
    const daily = template;
    const resources = daily.toJSON().Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const machine = Object.entries(resources).find(
      ([id, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && id.startsWith('Reconciliation'),
    )?.[0];
    expect(machine).toBeDefined();
    daily.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 5 * * ? *)',
      Target: Match.objectLike({
        Arn: { Ref: machine },
        Input: JSON.stringify({ mode: 'report', requestedBy: 'schedule' }),
      }),
    });
    const target = Object.values(resources).find(
      (r) => r.Type === 'AWS::Scheduler::Schedule' && JSON.stringify(r).includes(`"Ref":"${machine}"`),
    )?.Properties.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } };
    const statements = roleStatements(
      resources as Record<string, CfnResource>,
      target.RoleArn['Fn::GetAtt'][0],
    );
    const starts = statements.filter((st) => [st.Action].flat().some((a) => String(a).startsWith('states:')));
    expect(starts.map((st) => [st.Action, st.Resource])).toEqual([
      ['states:StartExecution', { Ref: machine }],
    ]);
    // Apply Fixes alone of the reconciliation's steps may put events on the lifecycle bus.
    const publishers = Object.entries(resources).filter(
      ([, r]) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties.PolicyDocument).includes('events:PutEvents'),
    );
    expect(publishers.some(([id]) => id.startsWith('ApplyFixes'))).toBe(true);
    expect(
      publishers.some(([id]) => /^(ReadTrelloMembers|CheckPeople|PlanFixes|FinishReconciliation)/.test(id)),
    ).toBe(false);

    const off = Template.fromStack(
      buildApp({
        config: parseDeployConfig({ ...testDeployConfig, reconciliation: { schedule: null } }),
        bundling: false,
        nag: false,
      }).stack,
    );
    expect(JSON.stringify(off.findResources('AWS::Scheduler::Schedule'))).not.toContain(`"Ref":"${machine}"`);
  });

  it('lets only Ask Idle Members send mail, from the configured SES identity, for ask-first sweeps', () => {
    expect(() =>
      parseDeployConfig({ ...testDeployConfig, sweep: { schedule: 'rate(7 days)', mode: 'ask-first' } }),
    ).toThrow(/sweep\.askFirst\.from: .*verified SES sender/);
    const config = parseDeployConfig({
      ...testDeployConfig,
      sweep: { mode: 'ask-first', askFirst: { from: 'it@acme.example', answerDays: 5 } },
    });
    const built = buildApp({ config, bundling: false, nag: true });
    expect(() => built.app.synth()).not.toThrow();
    const resources = Template.fromStack(built.stack).toJSON().Resources as Record<
      string,
      { Type: string; Properties: { PolicyDocument?: { Statement: unknown[] }; Roles?: unknown[] } }
    >;
    const senders = Object.entries(resources).filter(
      ([, r]) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties.PolicyDocument).includes('ses:SendEmail'),
    );
    expect(senders).toHaveLength(1);
    const [id, policy] = senders[0] as [string, (typeof resources)[string]];
    expect(id).toMatch(/^AskIdleMembers/);
    const text = JSON.stringify(policy.Properties.PolicyDocument);
    expect(text).toContain(':identity/it@acme.example');
    expect(text).toContain(':identity/acme.example');
    const fn = Object.values(resources).find(
      (r) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r).includes('ask-idle-members'),
    ) as { Properties: { Environment: { Variables: Record<string, unknown> } } } | undefined;
    expect(fn?.Properties.Environment.Variables).toMatchObject({
      LANYARD_MAIL_FROM: 'it@acme.example',
      LANYARD_SWEEP_ANSWER_DAYS: '5',
    });
  });

  it('rejects a deploy config with a malformed Enterprise id, naming the field', () => {
    expect(() => parseDeployConfig({ trello: { enterpriseId: 'nope' } })).toThrow(
      /trello\.enterpriseId: must be a 24-character Trello id/,
    );
  });
});

describe('deployable synth', () => {
  it('`npx cdk synth` bundles every step with local esbuild (no Docker, no network) into a stack assembly', async () => {
    const dir = deployableDir;
    // 40 bundles and cdk-nag on 2 cores beside other test files: ~100–160 s; never a budget.
    const result = await deployable.done;
    expect(result.status, result.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string }>;
    };
    expect(
      Object.values(manifest.artifacts).filter((a) => a.type === 'aws:cloudformation:stack'),
    ).toHaveLength(1);
    const assets = readdirSync(dir).filter((name) => name.startsWith('asset.'));
    expect(assets.length).toBeGreaterThanOrEqual(STEP_CATALOG.length);
    for (const asset of assets) expect(readdirSync(path.join(dir, asset))).toContain('index.mjs');
    expect(result.stderr).not.toMatch(/docker/i);
  }, 420_000);
});
