/**
 * Lambda's environment limit, checked on the synthesized template: "the total size of all
 * environment variables doesn't exceed 4 KB", measured as Lambda measures it when it refuses one
 * ("Lambda was unable to configure your environment variables because the environment variables
 * you have provided exceeded the 4KB limit. String measured: {…}"): the variables as compact
 * JSON, in UTF-8 bytes.
 *
 * A variable set from an intrinsic is counted at the longest value it takes when deployed, not at
 * its (shorter) local value: a generated physical name is `<stack>-<logical id>-<13 characters>`
 * (CloudFormation's pattern), ARNs carry a 14-character region and a 12-digit account, a Secrets
 * Manager ARN ends in `-` and 6 characters, a KMS key id is a 36-character UUID.
 *
 * The local stack refuses to start with a function over the limit, naming it, its size and its
 * largest variables (never their values: some are secrets locally).
 */
import { REF_IS_ARN, resolveWith, type Template } from './read-template.ts';

export const MAX_ENVIRONMENT_BYTES = 4_096;

export interface EnvironmentSize {
  functionLogicalId: string;
  /** The variables as Lambda measures them (compact JSON, UTF-8). */
  bytes: number;
  /** Each variable's share (`"name":"value",`), largest first. */
  variables: Array<{ name: string; bytes: number }>;
}

/** The deployed values' worst case for the pseudo parameters. */
const DEPLOYED_PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'ap-southeast-2',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** The property holding a resource's explicit name, and the longest name its type allows. */
const NAMES: Record<string, { property: string; max: number }> = {
  'AWS::DynamoDB::Table': { property: 'TableName', max: 255 },
  'AWS::Events::EventBus': { property: 'Name', max: 256 },
  'AWS::Lambda::Function': { property: 'FunctionName', max: 64 },
  'AWS::StepFunctions::StateMachine': { property: 'StateMachineName', max: 80 },
  'AWS::SNS::Topic': { property: 'TopicName', max: 256 },
  'AWS::SecretsManager::Secret': { property: 'Name', max: 512 },
  'AWS::IAM::Role': { property: 'RoleName', max: 64 },
  'AWS::IAM::ManagedPolicy': { property: 'ManagedPolicyName', max: 128 },
  'AWS::SQS::Queue': { property: 'QueueName', max: 80 },
};

/** Every function's environment size, largest first. */
export function environmentSizes(template: Template, stackName = 'Lanyard'): EnvironmentSize[] {
  const sizes: EnvironmentSize[] = [];
  for (const [logicalId, r] of Object.entries(template.Resources ?? {})) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const declared = ((r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables ?? {}) as Record<string, unknown>;
    const deployed = Object.fromEntries(
      Object.entries(declared).map(([name, value]) => [
        name,
        deployedValue(template, value, stackName, `Function ${logicalId} variable ${name}`),
      ]),
    );
    sizes.push({
      functionLogicalId: logicalId,
      bytes: Buffer.byteLength(JSON.stringify(deployed)),
      variables: Object.entries(deployed)
        .map(([name, value]) => ({ name, bytes: Buffer.byteLength(JSON.stringify({ [name]: value })) - 1 }))
        .sort((a, b) => b.bytes - a.bytes),
    });
  }
  return sizes.sort((a, b) => b.bytes - a.bytes);
}

/** Refuses a template with a function whose environment Lambda would refuse, naming it. */
export function assertEnvironmentsWithinLimit(template: Template): void {
  const over = environmentSizes(template).filter((s) => s.bytes > MAX_ENVIRONMENT_BYTES);
  if (over.length === 0) return;
  const lines = over.map(
    (s) =>
      `function ${s.functionLogicalId}: ${s.bytes} bytes (largest: ${s.variables
        .slice(0, 3)
        .map((v) => `${v.name} ${v.bytes} bytes`)
        .join(', ')})`,
  );
  throw new Error(
    `Lambda would refuse these functions' environments, over its ${MAX_ENVIRONMENT_BYTES}-byte limit (the variables as compact JSON):\n  - ${lines.join('\n  - ')}`,
  );
}

function deployedValue(template: Template, value: unknown, stack: string, where: string): string {
  return resolveWith(
    value,
    {
      ref(ref) {
        if (ref in DEPLOYED_PSEUDO) return DEPLOYED_PSEUDO[ref] as string;
        if (ref === 'AWS::StackName') return stack;
        const type = resourceType(template, ref, where);
        if (REF_IS_ARN.has(type)) return deployedArn(template, ref, stack, where);
        return type === 'AWS::KMS::Key' ? UUID : physicalName(template, ref, stack, where);
      },
      getAtt(id, attribute) {
        return attribute === 'Arn'
          ? deployedArn(template, id, stack, where)
          : physicalName(template, id, stack, where);
      },
    },
    where,
  );
}

const UUID = '00000000-0000-0000-0000-000000000000';

function resourceType(template: Template, logicalId: string, where: string): string {
  const type = template.Resources?.[logicalId]?.Type;
  if (!type) throw new Error(`${where}: refers to unknown resource ${logicalId}`);
  return type;
}

/** The explicit name, or CloudFormation's generated one at its longest. */
function physicalName(template: Template, logicalId: string, stack: string, where: string): string {
  const type = resourceType(template, logicalId, where);
  const naming = NAMES[type];
  const explicit = naming ? template.Resources?.[logicalId]?.Properties?.[naming.property] : undefined;
  if (explicit !== undefined) return deployedValue(template, explicit, stack, where);
  return `${stack}-${logicalId}-${'X'.repeat(13)}`.slice(0, naming?.max ?? 255);
}

function deployedArn(template: Template, logicalId: string, stack: string, where: string): string {
  const type = resourceType(template, logicalId, where);
  const { 'AWS::Partition': partition, 'AWS::Region': region, 'AWS::AccountId': account } = DEPLOYED_PSEUDO;
  const name = () => physicalName(template, logicalId, stack, where);
  const arn = (service: string, resource: string, regional = true) =>
    `arn:${partition}:${service}:${regional ? region : ''}:${account}:${resource}`;
  switch (type) {
    case 'AWS::DynamoDB::Table':
      return arn('dynamodb', `table/${name()}`);
    case 'AWS::Events::EventBus':
      return arn('events', `event-bus/${name()}`);
    case 'AWS::Lambda::Function':
      return arn('lambda', `function:${name()}`);
    case 'AWS::StepFunctions::StateMachine':
      return arn('states', `stateMachine:${name()}`);
    case 'AWS::SNS::Topic':
      return arn('sns', name());
    case 'AWS::SecretsManager::Secret':
      return arn('secretsmanager', `secret:${name()}-XXXXXX`);
    case 'AWS::KMS::Key':
      return arn('kms', `key/${UUID}`);
    case 'AWS::IAM::Role':
      return arn('iam', `role/${name()}`, false);
    case 'AWS::IAM::ManagedPolicy':
      return arn('iam', `policy/${name()}`, false);
    default:
      return arn(type.split('::')[1]?.toLowerCase() ?? 'unknown', name());
  }
}
