/**
 * Who each Lambda function of a synthesized template is, as IAM sees it: its execution role, the
 * session Lambda assumes it with (`arn:aws:sts::<account>:assumed-role/<role>/<function>`), and
 * the identity-based policies attached to that role, read from the template and resolved to local
 * ARNs:
 *
 * - `AWS::IAM::Policy` resources whose `Roles` name the role (CDK's `…DefaultPolicy`);
 * - `AWS::IAM::ManagedPolicy` resources whose `Roles` name it, or that its `ManagedPolicyArns` refer to;
 * - the role's inline `Policies`;
 * - AWS managed policies in its `ManagedPolicyArns`, from ./aws-managed-policies.ts.
 *
 * Anything that cannot be read faithfully stops the local stack, naming the function and what it
 * is: a role that is not in the template, an AWS managed policy whose document is not known, an
 * intrinsic the local resolver does not know.
 */

import { LOCAL, resolveIntrinsic, type Template } from '../template/read-template.ts';
import { AWS_MANAGED_POLICIES } from './aws-managed-policies.ts';

export interface IdentityPolicy {
  /** The policy's name (the template's logical id, or the AWS managed policy's ARN). */
  name: string;
  document: PolicyDocument;
}

export interface PolicyDocument {
  Version?: string;
  Statement: Statement[];
}

export type Statement = Record<string, unknown> & { Effect: 'Allow' | 'Deny' };

export interface FunctionIdentity {
  functionLogicalId: string;
  /** The role session's name, which Lambda sets to the function's name (locally its logical id). */
  functionName: string;
  roleLogicalId: string;
  roleName: string;
  roleArn: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<function>`: the principal of every call. */
  sessionArn: string;
  policies: IdentityPolicy[];
  /** The role's permissions boundary, when it has one (not evaluated locally: README). */
  permissionsBoundary?: string;
}

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** Every function's identity, by the function's logical id. */
export function readFunctionIdentities(template: Template): Record<string, FunctionIdentity> {
  const resources = template.Resources ?? {};
  const identities: Record<string, FunctionIdentity> = {};
  for (const [logicalId, fn] of Object.entries(resources)) {
    if (fn.Type !== 'AWS::Lambda::Function') continue;
    const where = `Function ${logicalId}`;
    const roleLogicalId = referencedLogicalId(fn.Properties?.Role);
    if (!roleLogicalId || resources[roleLogicalId]?.Type !== 'AWS::IAM::Role')
      throw new Error(
        `${where}: its Role (${JSON.stringify(fn.Properties?.Role)}) is not a role of the template, so the local IAM check cannot read its policies`,
      );
    const role = resources[roleLogicalId] as Resource;
    const roleName = plainName(role.Properties?.RoleName) ?? roleLogicalId;
    // Functions go by their logical id locally (their ARN, the function map, Task dispatch).
    const functionName = logicalId;
    const boundary = role.Properties?.PermissionsBoundary;
    identities[logicalId] = {
      functionLogicalId: logicalId,
      functionName,
      roleLogicalId,
      roleName,
      roleArn: `arn:${LOCAL.partition}:iam::${LOCAL.account}:role/${roleName}`,
      sessionArn: `arn:${LOCAL.partition}:sts::${LOCAL.account}:assumed-role/${roleName}/${functionName}`,
      policies: rolePolicies(template, roleLogicalId, `${where} (role ${roleLogicalId})`),
      ...(boundary === undefined
        ? {}
        : { permissionsBoundary: resolveIntrinsic(template, boundary, `Role ${roleLogicalId}`) }),
    };
  }
  return identities;
}

function rolePolicies(template: Template, roleLogicalId: string, where: string): IdentityPolicy[] {
  const resources = template.Resources ?? {};
  const role = resources[roleLogicalId] as Resource;
  const policies: IdentityPolicy[] = [];
  const attachedTo = (r: Resource) =>
    ((r.Properties?.Roles ?? []) as unknown[]).some((ref) => referencedLogicalId(ref) === roleLogicalId);
  for (const [logicalId, r] of Object.entries(resources)) {
    if ((r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && attachedTo(r))
      policies.push({
        name: logicalId,
        document: resolveDocument(template, r.Properties?.PolicyDocument, where),
      });
  }
  for (const inline of (role.Properties?.Policies ?? []) as Array<Record<string, unknown>>)
    policies.push({
      name: String(inline.PolicyName),
      document: resolveDocument(template, inline.PolicyDocument, where),
    });
  for (const arn of (role.Properties?.ManagedPolicyArns ?? []) as unknown[]) {
    const managedLogicalId = referencedLogicalId(arn);
    const managed = managedLogicalId ? resources[managedLogicalId] : undefined;
    if (managed?.Type === 'AWS::IAM::ManagedPolicy') {
      // Attached both ways (its Roles and the role's ManagedPolicyArns) counts once.
      if (!policies.some((p) => p.name === managedLogicalId))
        policies.push({
          name: managedLogicalId as string,
          document: resolveDocument(template, managed.Properties?.PolicyDocument, where),
        });
      continue;
    }
    const resolved = resolveIntrinsic(template, arn, where);
    const awsManaged = /^arn:[^:]+:iam::aws:policy\/(.+)$/.exec(resolved)?.[1];
    const document = awsManaged ? AWS_MANAGED_POLICIES[awsManaged] : undefined;
    if (!document)
      throw new Error(
        `${where}: the managed policy ${resolved} is not known to the local IAM check (add its document to infra/local/iam/aws-managed-policies.ts)`,
      );
    policies.push({ name: resolved, document: document as unknown as PolicyDocument });
  }
  return policies;
}

/** The policy with every intrinsic resolved to its local value (ARNs with the local account and region). */
function resolveDocument(template: Template, document: unknown, where: string): PolicyDocument {
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object') {
      const keys = Object.keys(value);
      if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::')))
        return resolveIntrinsic(template, value, where);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    }
    return value;
  };
  const resolved = resolve(document) as PolicyDocument;
  if (!resolved || !Array.isArray(resolved.Statement))
    throw new Error(`${where}: a policy document without a Statement list`);
  return resolved;
}

/** The logical id a `Ref` or `Fn::GetAtt` points at. */
function referencedLogicalId(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
  if (typeof v.Ref === 'string') return v.Ref;
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return String(getAtt[0]);
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

function plainName(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
