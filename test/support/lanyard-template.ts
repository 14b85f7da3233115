/**
 * Reading the synthesized Lanyard template in infra tests: synth once (bundling off), then look
 * resources up by what they are for (a step's function and role, the statements a role holds,
 * the metrics an alarm watches) rather than by logical id, which CDK derives from construct paths.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { App, CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildApp } from '../../infra/build-app.ts';
import type { DeployConfig } from '../../infra/deploy-config.ts';
import type { LanyardStack } from '../../infra/lanyard-stack.ts';
import { STEP_ID_VARIABLE } from '../../infra/step-catalog.ts';

export interface CfnResource {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are untyped JSON.
  Properties: Record<string, any>;
  DeletionPolicy?: string;
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export interface Synthesized {
  app: App;
  stack: LanyardStack;
  template: Template;
  resources: Record<string, CfnResource>;
  /** The cloud assembly directory (validation-report.json is written here). */
  outdir: string;
  /** The logical id of one of the stack's constructs (an L2 or its CloudFormation resource). */
  idOf: (construct: IConstruct) => string;
}

const outdirs: string[] = [];

/** Removes every assembly directory {@link synthLanyard} made (call it in afterAll). */
export function removeSynthOutput(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Builds the app (bundling off) and, unless `synth: false`, synthesizes it. With `nag: true`
 * synthesis runs cdk-nag and cfn-guard and throws on an unacknowledged finding.
 */
export function buildLanyard(
  config: DeployConfig,
  options: { nag: boolean; change?: (stack: LanyardStack) => void },
): { app: App; stack: LanyardStack; outdir: string } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'lanyard-synth-'));
  outdirs.push(outdir);
  const { app, stack } = buildApp({ config, bundling: false, nag: options.nag, outdir });
  options.change?.(stack);
  return { app, stack, outdir };
}

export function synthLanyard(config: DeployConfig, options: { nag: boolean }): Synthesized {
  const { app, stack, outdir } = buildLanyard(config, options);
  app.synth();
  const template = Template.fromStack(stack);
  const resources = (template.toJSON() as { Resources: Record<string, CfnResource> }).Resources;
  const idOf = (construct: IConstruct) =>
    stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
  return { app, stack, template, resources, outdir, idOf };
}

export function resourcesOfType(
  resources: Record<string, CfnResource>,
  type: string,
): Array<[string, CfnResource]> {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

export const actionsOf = (statement: Statement): string[] => [statement.Action].flat();

/** The logical ids a `Ref` or `Fn::GetAtt` in this value points at (anywhere inside it). */
export function referencedIds(value: unknown): string[] {
  const text = JSON.stringify(value ?? null);
  return [...text.matchAll(/"Ref":"([A-Za-z0-9]+)"|"Fn::GetAtt":\["([A-Za-z0-9]+)"/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  );
}

/** Every statement of a role: its inline policies, the policies naming it, the customer managed policies it has. */
export function roleStatements(resources: Record<string, CfnResource>, roleId: string): Statement[] {
  const role = resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role`);
  const managed = new Set(referencedIds(role.Properties.ManagedPolicyArns));
  const statements: Statement[] = [];
  for (const policy of role.Properties.Policies ?? []) statements.push(...policy.PolicyDocument.Statement);
  for (const [id, r] of Object.entries(resources)) {
    const attached =
      (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') &&
      (referencedIds(r.Properties.Roles).includes(roleId) || managed.has(id));
    if (attached) statements.push(...r.Properties.PolicyDocument.Statement);
  }
  return statements;
}

/** The actions a role is allowed on a resource (a statement whose Resource refers to `resourceId`). */
export function allowedOn(statements: Statement[], resourceId: string): string[] {
  return statements
    .filter((s) => s.Effect === 'Allow' && referencedIds(s.Resource).includes(resourceId))
    .flatMap(actionsOf);
}

export interface FunctionResource {
  /** The Lambda function's logical id. */
  id: string;
  roleId: string;
  environment: Record<string, unknown>;
}

/** Every function by its LANYARD_STEP (catalog steps and the two API functions). */
export function functionsByStep(resources: Record<string, CfnResource>): Record<string, FunctionResource> {
  const functions: Record<string, FunctionResource> = {};
  for (const [id, r] of resourcesOfType(resources, 'AWS::Lambda::Function')) {
    const environment = (r.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
    const step = environment[STEP_ID_VARIABLE];
    if (typeof step !== 'string') continue;
    functions[step] = { id, roleId: r.Properties.Role['Fn::GetAtt'][0], environment };
  }
  return functions;
}

export interface AlarmMetric {
  namespace: string;
  name: string;
  /** Dimension name → value (a literal, or a Ref/GetAtt object). */
  dimensions: Record<string, unknown>;
}

/** The metrics an alarm watches: its one metric, or each metric of its math expression. */
export function alarmMetrics(alarm: CfnResource): AlarmMetric[] {
  const p = alarm.Properties;
  const dims = (list: Array<{ Name: string; Value: unknown }> | undefined) =>
    Object.fromEntries((list ?? []).map((d) => [d.Name, d.Value]));
  if (p.MetricName) return [{ namespace: p.Namespace, name: p.MetricName, dimensions: dims(p.Dimensions) }];
  return (p.Metrics ?? [])
    .filter((m: { MetricStat?: unknown }) => m.MetricStat)
    .map((m: { MetricStat: { Metric: { Namespace: string; MetricName: string; Dimensions?: [] } } }) => ({
      namespace: m.MetricStat.Metric.Namespace,
      name: m.MetricStat.Metric.MetricName,
      dimensions: dims(m.MetricStat.Metric.Dimensions),
    }));
}
