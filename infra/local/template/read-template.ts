/**
 * Reads what the local runtime needs out of a synthesized CloudFormation template: each state
 * machine's definition with the intrinsics resolved to local ARNs, the Lambda functions, the
 * tables and the event rules. The template is the one source of truth; nothing is re-declared.
 */
export type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

export const LOCAL = { region: 'us-east-1', account: '000000000000', partition: 'aws' } as const;

export interface ResolvedStateMachine {
  logicalId: string;
  name: string;
  arn: string;
  /** The resolved DefinitionString, exactly; what runs is JSON.parse(aslText). */
  aslText: string;
  asl: Record<string, unknown>;
}

export interface LocalFunction {
  timeoutSeconds: number;
  /**
   * The function's variables, intrinsics resolved to their local values (a table's `Ref` is the
   * table name the DynamoDB server creates). A variable whose intrinsic has no local value is left
   * out: the local stack's own config supplies it.
   */
  environment: Record<string, string>;
}

export interface LocalRule {
  logicalId: string;
  busName: string;
  pattern: Record<string, unknown>;
  targets: Array<{ kind: 'stateMachine' | 'lambda'; logicalId: string; input?: string; inputPath?: string }>;
}

export function lambdaArn(logicalId: string): string {
  return `arn:${LOCAL.partition}:lambda:${LOCAL.region}:${LOCAL.account}:function:${logicalId}`;
}

export function stateMachineArn(name: string): string {
  return `arn:${LOCAL.partition}:states:${LOCAL.region}:${LOCAL.account}:stateMachine:${name}`;
}

function resources(template: Template) {
  return Object.entries(template.Resources ?? {});
}

/**
 * The physical name a resource gets locally: its name property when it is a plain string, else its
 * logical id. Functions always go by their logical id (their Ref and their ARN alike), because the
 * function map, and so Task dispatch, is keyed by logical id.
 */
function physicalName(template: Template, logicalId: string): string {
  const resource = template.Resources?.[logicalId];
  const props = resource?.Properties ?? {};
  const nameProperty: Record<string, string> = {
    'AWS::StepFunctions::StateMachine': 'StateMachineName',
    'AWS::Events::EventBus': 'Name',
    'AWS::DynamoDB::Table': 'TableName',
    'AWS::IAM::Role': 'RoleName',
    'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  };
  const key = resource ? nameProperty[resource.Type] : undefined;
  const value = key ? props[key] : undefined;
  return typeof value === 'string' ? value : logicalId;
}

function arnOf(template: Template, logicalId: string): string {
  const type = template.Resources?.[logicalId]?.Type;
  switch (type) {
    case 'AWS::Lambda::Function':
      return lambdaArn(logicalId);
    case 'AWS::StepFunctions::StateMachine':
      return stateMachineArn(physicalName(template, logicalId));
    case 'AWS::DynamoDB::Table':
      return `arn:aws:dynamodb:${LOCAL.region}:${LOCAL.account}:table/${physicalName(template, logicalId)}`;
    case 'AWS::Events::EventBus':
      return `arn:aws:events:${LOCAL.region}:${LOCAL.account}:event-bus/${physicalName(template, logicalId)}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${LOCAL.region}:${LOCAL.account}:${logicalId}`;
    case 'AWS::SecretsManager::Secret':
      return `arn:aws:secretsmanager:${LOCAL.region}:${LOCAL.account}:secret:${logicalId}`;
    case 'AWS::KMS::Key':
      return `arn:aws:kms:${LOCAL.region}:${LOCAL.account}:key/${logicalId}`;
    case 'AWS::IAM::Role':
      return `arn:aws:iam::${LOCAL.account}:role/${physicalName(template, logicalId)}`;
    case 'AWS::IAM::ManagedPolicy':
      return `arn:aws:iam::${LOCAL.account}:policy/${physicalName(template, logicalId)}`;
    default:
      return `arn:aws:local:${LOCAL.region}:${LOCAL.account}:${logicalId}`;
  }
}

export const REF_IS_ARN = new Set([
  'AWS::StepFunctions::StateMachine',
  'AWS::SNS::Topic',
  'AWS::SecretsManager::Secret',
  'AWS::IAM::ManagedPolicy',
]);

const PSEUDO: Record<string, string> = {
  'AWS::Partition': LOCAL.partition,
  'AWS::Region': LOCAL.region,
  'AWS::AccountId': LOCAL.account,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Lanyard',
};

/** What a `Ref` and an `Fn::GetAtt` resolve to; `Fn::Join` and `Fn::Sub` are built from them. */
export interface IntrinsicLeaves {
  ref(name: string): string;
  getAtt(logicalId: string, attribute: string): string;
}

/**
 * Resolves `Ref`, `Fn::GetAtt`, `Fn::Join` and `Fn::Sub` to a string, the leaves as `leaves` says;
 * another intrinsic is an error naming it and `where`.
 */
export function resolveWith(value: unknown, leaves: IntrinsicLeaves, where: string): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [fn, arg] = Object.entries(value)[0] ?? [];
    switch (fn) {
      case 'Ref':
        return leaves.ref(String(arg));
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
        return leaves.getAtt(String(id), String(attribute));
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map((p) => resolveWith(p, leaves, where)).join(separator);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg)
          ? (arg as [string, Record<string, unknown>])
          : [String(arg), {}];
        return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
          // `${!Name}` is Fn::Sub's escape for a literal `${Name}`.
          if (name.startsWith('!')) return `\${${name.slice(1)}}`;
          if (name in vars) return resolveWith(vars[name], leaves, where);
          const [id = '', attribute] = name.split('.');
          return attribute ? leaves.getAtt(id, attribute) : leaves.ref(id);
        });
      }
      default:
        throw new Error(`${where}: the intrinsic ${fn ?? '(empty)'} is not supported by the local runtime`);
    }
  }
  throw new Error(`${where}: cannot resolve ${JSON.stringify(value)}`);
}

/** Resolves an intrinsic to its local value; an intrinsic it does not know is an error naming it. */
export function resolveIntrinsic(template: Template, value: unknown, where: string): string {
  return resolveWith(
    value,
    {
      ref(ref) {
        if (ref in PSEUDO) return PSEUDO[ref] as string;
        const type = template.Resources?.[ref]?.Type;
        if (!type) throw new Error(`${where}: Ref to unknown resource ${ref}`);
        // Ref gives the ARN for state machines, topics, secrets and managed policies; the name
        // for tables, buses, roles and functions; the key id for KMS keys.
        return REF_IS_ARN.has(type) ? arnOf(template, ref) : physicalName(template, ref);
      },
      getAtt(id, attribute) {
        if (!template.Resources?.[id]) throw new Error(`${where}: Fn::GetAtt to unknown resource ${id}`);
        if (attribute === 'Arn') return arnOf(template, id);
        if (attribute === 'Name') return physicalName(template, id);
        throw new Error(`${where}: Fn::GetAtt ${id}.${attribute} is not supported locally`);
      },
    },
    where,
  );
}

export function resolveStateMachines(template: Template): ResolvedStateMachine[] {
  return resources(template)
    .filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine')
    .map(([logicalId, r]) => {
      const where = `State machine ${logicalId}`;
      let aslText = resolveIntrinsic(template, r.Properties?.DefinitionString, where);
      const substitutions = (r.Properties?.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
      for (const [name, value] of Object.entries(substitutions)) {
        aslText = aslText.replaceAll(
          `\${${name}}`,
          resolveIntrinsic(template, value, `${where} substitution ${name}`),
        );
      }
      const name = physicalName(template, logicalId);
      return {
        logicalId,
        name,
        arn: stateMachineArn(name),
        aslText,
        asl: JSON.parse(aslText) as Record<string, unknown>,
      };
    });
}

export function readFunctions(template: Template): Record<string, LocalFunction> {
  const result: Record<string, LocalFunction> = {};
  for (const [logicalId, r] of resources(template)) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const variables = ((r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables ?? {}) as Record<string, unknown>;
    result[logicalId] = {
      // Lambda's default timeout is 3 s when the template sets none.
      timeoutSeconds: Number(r.Properties?.Timeout ?? 3),
      environment: Object.fromEntries(
        Object.entries(variables).flatMap(([name, value]) => {
          try {
            return [[name, resolveIntrinsic(template, value, `Function ${logicalId} variable ${name}`)]];
          } catch {
            return [];
          }
        }),
      ),
    };
  }
  return result;
}

export interface LocalTable {
  logicalId: string;
  name: string;
  properties: Record<string, unknown>;
}

export function readTables(template: Template): LocalTable[] {
  return resources(template)
    .filter(([, r]) => r.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, r]) => ({
      logicalId,
      name: physicalName(template, logicalId),
      properties: r.Properties ?? {},
    }));
}

/** The event buses of the template by local name (the Name property if a plain string, else the logical id). */
export function readEventBuses(template: Template): Array<{ logicalId: string; name: string }> {
  return resources(template)
    .filter(([, r]) => r.Type === 'AWS::Events::EventBus')
    .map(([logicalId]) => ({ logicalId, name: physicalName(template, logicalId) }));
}

export function readRules(template: Template): LocalRule[] {
  return (
    resources(template)
      // Schedule rules carry no EventPattern, and a DISABLED rule delivers nothing.
      .filter(
        ([, r]) =>
          r.Type === 'AWS::Events::Rule' && r.Properties?.EventPattern && r.Properties?.State !== 'DISABLED',
      )
      .map(([logicalId, r]) => {
        const props = r.Properties ?? {};
        const busName = props.EventBusName
          ? resolveIntrinsic(template, props.EventBusName, `Rule ${logicalId}`)
          : 'default';
        const targets = ((props.Targets ?? []) as Array<Record<string, unknown>>).map((t) => {
          const arn = t.Arn as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
          const targetId = arn.Ref ?? arn['Fn::GetAtt']?.[0];
          const type = targetId ? template.Resources?.[targetId]?.Type : undefined;
          if (
            !targetId ||
            (type !== 'AWS::StepFunctions::StateMachine' && type !== 'AWS::Lambda::Function')
          ) {
            throw new Error(
              `Rule ${logicalId} targets something the local runtime cannot run (${JSON.stringify(t.Arn)})`,
            );
          }
          if (t.InputTransformer) {
            // Fail closed: delivering the untransformed event would start the target with the wrong input.
            throw new Error(
              `Rule ${logicalId} target ${targetId}: InputTransformer is not supported locally`,
            );
          }
          return {
            kind:
              type === 'AWS::StepFunctions::StateMachine' ? ('stateMachine' as const) : ('lambda' as const),
            logicalId: targetId,
            input: typeof t.Input === 'string' ? t.Input : undefined,
            inputPath: typeof t.InputPath === 'string' ? t.InputPath : undefined,
          };
        });
        const pattern = resolvePattern(template, props.EventPattern, `Rule ${logicalId} EventPattern`);
        return { logicalId, busName, pattern: pattern as Record<string, unknown>, targets };
      })
  );
}

/**
 * An event pattern with its intrinsics resolved to local values: a pattern may name a resource of
 * the stack (the execution watch lists the state machines' ARNs, each a `Ref`). Any other object is
 * the pattern's own (a nested field, or an operator such as `{ "prefix": … }`) and kept as it is.
 */
function resolvePattern(template: Template, value: unknown, where: string): unknown {
  if (Array.isArray(value)) return value.map((item) => resolvePattern(template, item, where));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const [only] = keys;
  if (keys.length === 1 && only !== undefined && (only === 'Ref' || only.startsWith('Fn::')))
    return resolveIntrinsic(template, value, where);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, resolvePattern(template, item, where)]),
  );
}
