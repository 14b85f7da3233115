/**
 * Least privilege in the synthesized template (issue 12): each function gets the table actions,
 * secrets, notification channels and config parameters its catalog entry names and nothing else;
 * the only grants on "*" are actions that take no resource; cdk-nag and cfn-guard (Control Tower)
 * pass with every finding acknowledged, and the acknowledgements are narrow enough that a new
 * wildcard, on a new role or on an existing one, fails synth.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { aws_dynamodb as dynamodb, aws_iam as iam, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigKeys as K } from '../../functions/composition/config-keys.ts';
import { API_FUNCTIONS } from '../../infra/api-catalog.ts';
import { TABLE_ACTIONS, tableAccessStatements } from '../../infra/constructs/step-access.ts';
import { parseDeployConfig } from '../../infra/deploy-config.ts';
import type { LanyardStack } from '../../infra/lanyard-stack.ts';
import { GUARD } from '../../infra/nag-acknowledgements.ts';
import { STEP_CATALOG, type StepAccess } from '../../infra/step-catalog.ts';
import { testDeployConfig } from '../support/deploy-config.ts';
import {
  actionsOf,
  allowedOn,
  buildLanyard,
  type FunctionResource,
  functionsByStep,
  referencedIds,
  removeSynthOutput,
  resourcesOfType,
  roleStatements,
  type Statement,
  type Synthesized,
  synthLanyard,
} from '../support/lanyard-template.ts';

/** Every secret and grant the stack can make: Slack, an IdP, AdminHub, both HR vendors, ask-first sweeps. */
const everythingConfig = parseDeployConfig({
  ...testDeployConfig,
  trello: {
    ...testDeployConfig.trello,
    managementMode: 'adminhub',
    adminHub: { trelloGroupId: 'grp-trello' },
  },
  departmentWorkspaces: { Design: '5f1e0a4b3c2d1e0f9a8b7c71', Sales: '5f1e0a4b3c2d1e0f9a8b7c72' },
  slackNotifications: true,
  hrVendors: ['bamboohr', 'hibob'],
  offboarding: { idp: { kind: 'okta', baseUrl: 'https://acme.okta.com' } },
  sweep: {
    schedule: 'cron(0 6 ? * MON *)',
    mode: 'ask-first',
    allowList: ['ceo@acme.example'],
    askFirst: { from: 'it@acme.example' },
  },
});

interface ValidationReport {
  pluginReports: Array<{
    pluginName: string;
    conclusion: 'success' | 'failure';
    violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath?: string }> }>;
    suppressedViolations?: unknown[];
  }>;
}

const readReport = (outdir: string) =>
  JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;

const FUNCTIONS = [...STEP_CATALOG, ...API_FUNCTIONS];
const has = (access: StepAccess, key: keyof StepAccess) => key in access && access[key] === true;

/** Actions that take no resource (IAM's "*" is the only way to grant them). */
const RESOURCELESS_ACTIONS = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

let checked: Synthesized;
let functions: Record<string, FunctionResource>;
beforeAll(() => {
  // The privileges below are those of the template cdk-nag and cfn-guard passed.
  checked = synthLanyard(everythingConfig, { nag: true });
  functions = functionsByStep(checked.resources);
});
afterAll(removeSynthOutput);

function fnOf(id: string): FunctionResource {
  const fn = functions[id];
  if (!fn) throw new Error(`no function for ${id}`);
  return fn;
}

/** Which functions' roles (by step id; any other role by its logical id) are allowed `action` on a resource. */
function holders(resourceId: string, action: string): string[] {
  const stepOfRole = new Map(Object.entries(functions).map(([step, fn]) => [fn.roleId, step]));
  return resourcesOfType(checked.resources, 'AWS::IAM::Role')
    .filter(([roleId]) => allowedOn(roleStatements(checked.resources, roleId), resourceId).includes(action))
    .map(([roleId]) => stepOfRole.get(roleId) ?? roleId)
    .sort();
}

describe('the records table', () => {
  it('gives each function exactly the table actions of its catalog access: no Scan or DeleteItem, BatchWriteItem only where the catalog says', () => {
    const table = checked.idOf(checked.stack.records.table);
    for (const definition of FUNCTIONS) {
      const statements = roleStatements(checked.resources, fnOf(definition.id).roleId);
      const access = definition.access as StepAccess;
      const expected = [
        ...TABLE_ACTIONS[access.table],
        ...(has(access, 'tableBatchWrite') ? ['dynamodb:BatchWriteItem'] : []),
      ];
      const onTable = statements.filter(
        (s) =>
          s.Effect === 'Allow' &&
          JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': [table, 'Arn'] }),
      );
      expect(onTable.flatMap(actionsOf).sort(), definition.id).toEqual([...expected].sort());
      // The status index (its exact ARN, no `index/*`), queried only by the steps that list by status.
      const onIndex = statements.filter(
        (s) => s.Effect === 'Allow' && JSON.stringify(s.Resource).includes('/index/'),
      );
      expect(onIndex.flatMap(actionsOf), definition.id).toEqual(
        has(access, 'statusIndex') ? ['dynamodb:Query'] : [],
      );
      if (has(access, 'statusIndex'))
        expect(onIndex[0]?.Resource).toEqual({
          'Fn::Join': [
            '',
            [{ 'Fn::GetAtt': [table, 'Arn'] }, `/index/${checked.stack.records.statusIndexName}`],
          ],
        });
    }
  });

  it('lets no role of the stack scan, delete or batch-write the table unless the catalog says so', () => {
    const table = checked.idOf(checked.stack.records.table);
    const batchWriters = FUNCTIONS.filter((f) => has(f.access as StepAccess, 'tableBatchWrite')).map(
      (f) => f.id,
    );
    // A sweep page's members; a reconciliation page's findings and sightings.
    expect(batchWriters).toEqual(['list-idle-members', 'read-trello-members', 'check-people']);
    for (const action of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:PartiQLDelete', 'dynamodb:*'])
      expect(holders(table, action), action).toEqual([]);
    expect(holders(table, 'dynamodb:BatchWriteItem').sort()).toEqual([...batchWriters].sort());
  });

  it('gives a read-only access no write action', () => {
    // Every step records what it did today (catalog: `read-write`), so the mapping is checked directly.
    const table = new dynamodb.Table(new Stack(), 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    const statements = tableAccessStatements(table, 'gsi1', { table: 'read', statusIndex: true });
    const actions = statements.flatMap((s) => s.actions);
    expect(actions.filter((a) => !/^dynamodb:(GetItem|Query|BatchGetItem)$/.test(a))).toEqual([]);
    const records = checked.idOf(checked.stack.records.table);
    for (const definition of FUNCTIONS.filter((f) => (f.access as StepAccess).table === 'read')) {
      const granted = allowedOn(roleStatements(checked.resources, fnOf(definition.id).roleId), records);
      expect(
        granted.filter((a) => /Put|Update|Write|Delete/.test(a)),
        definition.id,
      ).toEqual([]);
    }
  });
});

describe('secrets and notifications', () => {
  const secretIds = (stack: LanyardStack) => ({
    trello: checked.idOf(stack.secrets.trello),
    idp: checked.idOf(stack.secrets.idp as NonNullable<typeof stack.secrets.idp>),
    adminHub: checked.idOf(stack.secrets.adminHub as NonNullable<typeof stack.secrets.adminHub>),
    slack: checked.idOf(stack.secrets.slack as NonNullable<typeof stack.secrets.slack>),
    webhook: checked.idOf(stack.secrets.webhook),
  });

  it('lets only the functions whose catalog access names a secret read it', () => {
    const ids = secretIds(checked.stack);
    const readers = (select: (access: StepAccess) => boolean) =>
      FUNCTIONS.filter((f) => select(f.access as StepAccess))
        .map((f) => f.id)
        .sort();
    expect(holders(ids.trello, 'secretsmanager:GetSecretValue')).toEqual(readers((a) => a.trelloSecret));
    expect(holders(ids.idp, 'secretsmanager:GetSecretValue')).toEqual(readers((a) => has(a, 'idpSecret')));
    // The Atlassian Administration key: only the steps that change seats or deactivate.
    expect(holders(ids.adminHub, 'secretsmanager:GetSecretValue')).toEqual(
      readers((a) => has(a, 'adminHubSecret')),
    );
    expect(readers((a) => has(a, 'adminHubSecret'))).toEqual([
      'apply-fixes',
      'apply-profile-event',
      'deactivate-member',
      // It applies a leave recorded before the onboarding ended (a free-seat leave deactivates).
      'finish-onboarding',
      'grant-seat',
      'reactivate-member',
      'reclaim-seats',
      // It makes an approved leave's change (a free-seat leave deactivates).
      'settle-leave-approval',
    ]);
    for (const definition of FUNCTIONS) {
      expect(K.adminHubSecretArn in fnOf(definition.id).environment, definition.id).toBe(
        has(definition.access as StepAccess, 'adminHubSecret'),
      );
    }
    // Notifying admins reads the Slack webhook (with slackNotifications on).
    expect(holders(ids.slack, 'secretsmanager:GetSecretValue')).toEqual(readers((a) => has(a, 'notify')));
    const webhookReaders = readers((a) => has(a, 'webhookSecrets'));
    expect(holders(ids.webhook, 'secretsmanager:GetSecretValue')).toEqual(webhookReaders);
    const vendors = Object.values(checked.stack.secrets.vendors);
    expect(vendors.length).toBeGreaterThanOrEqual(2);
    for (const vendor of vendors)
      expect(holders(checked.idOf(vendor), 'secretsmanager:GetSecretValue'), vendor.node.id).toEqual(
        webhookReaders,
      );
    // Nothing else of the stack reads a secret either (no wildcard, no other role).
    for (const [roleId] of resourcesOfType(checked.resources, 'AWS::IAM::Role')) {
      for (const statement of roleStatements(checked.resources, roleId)) {
        if (!actionsOf(statement).some((a) => a.startsWith('secretsmanager:'))) continue;
        expect(
          referencedIds(statement.Resource).every(
            (id) => checked.resources[id]?.Type === 'AWS::SecretsManager::Secret',
          ),
          roleId,
        ).toBe(true);
      }
    }
  });

  it('gives a function that does not notify neither the topic nor the Slack secret, in its environment or its role', () => {
    const topic = checked.idOf(checked.stack.alarmTopic);
    const slack = secretIds(checked.stack).slack;
    for (const definition of FUNCTIONS) {
      const { environment, roleId } = fnOf(definition.id);
      const notifies = has(definition.access as StepAccess, 'notify');
      expect(K.slackSecretArn in environment, `${definition.id} ${K.slackSecretArn}`).toBe(notifies);
      expect(K.notifyTopicArn in environment, `${definition.id} ${K.notifyTopicArn}`).toBe(notifies);
      const statements = roleStatements(checked.resources, roleId);
      expect(allowedOn(statements, topic).includes('sns:Publish'), definition.id).toBe(notifies);
      expect(allowedOn(statements, slack).includes('secretsmanager:GetSecretValue'), definition.id).toBe(
        notifies,
      );
    }
  });
});

describe('config parameters', () => {
  it('keeps the unbounded settings out of every environment, in SSM parameters only the steps that use them may read', () => {
    const parameters = checked.stack.configParameters.parameters.map((p) => checked.idOf(p));
    expect(parameters.length).toBeGreaterThan(0);
    const document = JSON.parse(
      parameters.map((id) => checked.resources[id]?.Properties.Value as string).join(''),
    ) as Record<string, string>;
    expect(JSON.parse(document[K.departmentWorkspaces] ?? 'null')).toEqual(
      everythingConfig.departmentWorkspaces,
    );
    expect(JSON.parse(document[K.sweepAllowList] ?? 'null')).toEqual(everythingConfig.sweep.allowList);
    for (const definition of FUNCTIONS) {
      const { environment, roleId } = fnOf(definition.id);
      expect(environment, definition.id).not.toHaveProperty(K.departmentWorkspaces);
      expect(environment, definition.id).not.toHaveProperty(K.sweepAllowList);
      const reads = has(definition.access as StepAccess, 'configParameters');
      expect('LANYARD_CONFIG_PARAMETERS' in environment, definition.id).toBe(reads);
      const statements = roleStatements(checked.resources, roleId);
      const ssm = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('ssm:')));
      expect(ssm.flatMap(actionsOf), definition.id).toEqual(reads ? ['ssm:GetParameters'] : []);
      if (reads) expect(referencedIds(ssm[0]?.Resource).sort()).toEqual([...parameters].sort());
    }
  });
});

describe('wildcards, cdk-nag and cfn-guard', () => {
  it('grants "*" only for actions that take no resource, and gives functions no AWS managed policy', () => {
    for (const [id, policy] of [
      ...resourcesOfType(checked.resources, 'AWS::IAM::Policy'),
      ...resourcesOfType(checked.resources, 'AWS::IAM::ManagedPolicy'),
    ]) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
        if (statement.Effect !== 'Allow' || ![statement.Resource].flat().includes('*')) continue;
        for (const action of actionsOf(statement))
          expect(RESOURCELESS_ACTIONS, `${id}: ${action}`).toContain(action);
      }
    }
    for (const [id, role] of resourcesOfType(checked.resources, 'AWS::IAM::Role'))
      for (const arn of role.Properties.ManagedPolicyArns ?? [])
        expect(JSON.stringify(arn), id).not.toContain(':iam::aws:policy/');
  });

  it('lets a function write its own log group only', () => {
    for (const definition of FUNCTIONS) {
      const fn = fnOf(definition.id);
      const logGroup = checked.resources[fn.id]?.Properties.LoggingConfig.LogGroup.Ref as string;
      const logs = roleStatements(checked.resources, fn.roleId).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('logs:')),
      );
      expect(logs, definition.id).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] },
        }),
      ]);
    }
  });

  it('passes cdk-nag (AwsSolutions) and cfn-guard (Control Tower) with every finding acknowledged', () => {
    // synthLanyard ran both at synth (it throws on a finding); the report says they both ran.
    const report = readReport(checked.outdir);
    expect(report.pluginReports.map((r) => [r.pluginName, r.conclusion, r.violations]).sort()).toEqual([
      ['AwsSolutions', 'success', []],
      [GUARD, 'success', []],
    ]);
  });

  it('fails synth on a wildcard nothing acknowledges: on a new role, on a step function role, on a state machine role', () => {
    const wildcard = () => new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] });
    const intruders: string[] = [];
    const { app, outdir } = buildLanyard(testDeployConfig, {
      nag: true,
      change: (stack) => {
        const role = new iam.Role(stack, 'Intruder', {
          assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        });
        role.addToPolicy(wildcard());
        stack.steps['grant-seat'].fn.addToRolePolicy(wildcard());
        stack.onboarding.stateMachine.addToRolePolicy(wildcard());
        for (const r of [role, stack.steps['grant-seat'].fn.role, stack.onboarding.stateMachine.role])
          intruders.push(`${r?.node.findChild('DefaultPolicy').node.defaultChild?.node.path}`);
      },
    });
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
    const violations = readReport(outdir).pluginReports.flatMap((r) =>
      r.violations.map((v) => ({
        rule: v.ruleName,
        paths: v.violatingConstructs.map((c) => c.constructPath).sort(),
      })),
    );
    // The three new wildcards, and nothing else: every finding of the stack itself is acknowledged.
    expect(violations).toEqual([{ rule: 'AwsSolutions-IAM5[Resource::*]', paths: [...intruders].sort() }]);
  });
});
