/**
 * The local stack's IAM check: a call a function makes is evaluated against that function's role
 * policies (./template-identities.ts) by @cloud-copilot/iam-simulate, a kept IAM evaluation
 * library (explicit Deny beats Allow, NotAction / NotResource, every condition operator and
 * set modifier), never by hand-written policy logic. A refused call fails with the error AWS gives
 * ({@link AccessDeniedError}).
 *
 * What a request carries besides its action and resource: the condition keys the endpoints know
 * (`dynamodb:LeadingKeys`, `events:source`, `events:detail-type`) and the global keys a role
 * session has ({@link globalContext}). A policy that conditions a statement on any other key,
 * in a statement that could apply to a service the local stack serves, stops the start: the check
 * could not evaluate it as AWS would.
 *
 * Not evaluated: resource policies, SCPs / RCPs, permissions boundaries, session policies, VPC
 * endpoint policies (README "Local runtime").
 */
import {
  type EvaluationResult,
  isWildcardOnlyAction,
  runSimulation,
  runUnsafeSimulation,
  type Simulation,
} from '@cloud-copilot/iam-simulate';
import { LOCAL, type Template } from '../template/read-template.ts';
import { type FunctionIdentity, readFunctionIdentities, type Statement } from './template-identities.ts';

/** One authorization AWS makes for a call: an action on a resource, with the request's condition keys. */
export interface AccessRequest {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

/** The services whose endpoints the local stack serves, and so checks. */
export const CHECKED_SERVICES = ['dynamodb', 'states', 'events'] as const;

/** Condition keys the endpoints supply (lower case; IAM compares keys case-insensitively). */
const SUPPLIED_KEYS = new Set([
  'dynamodb:leadingkeys',
  'events:source',
  'events:detail-type',
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:requestedregion',
  'aws:securetransport',
  'aws:currenttime',
  'aws:epochtime',
]);

/**
 * AWS's refusal. The message is AWS's (IAM user guide, "Troubleshoot access denied error
 * messages"): `User: <session> is not authorized to perform: <action> on resource: <arn> because
 * no identity-based policy allows the <action> action`, or `… with an explicit deny in an
 * identity-based policy`.
 */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedException';
  constructor(
    readonly principal: string,
    readonly action: string,
    readonly resource: string,
    readonly explicit: boolean,
  ) {
    super(
      `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${
        explicit
          ? 'with an explicit deny in an identity-based policy'
          : `because no identity-based policy allows the ${action} action`
      }`,
    );
  }
}

/** An access key id that names no function of the template: AWS's answer to an unknown key. */
export class UnrecognizedClientError extends Error {
  override readonly name = 'UnrecognizedClientException';
  constructor() {
    super('The security token included in the request is invalid.');
  }
}

/**
 * The JSON-protocol body AWS's front end answers a refusal with (HTTP 400), as DynamoDB sends it:
 * `{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User: …"}`.
 */
export function accessErrorBody(error: AccessDeniedError | UnrecognizedClientError) {
  return { __type: `com.amazon.coral.service#${error.name}`, Message: error.message };
}

export class IamCheck {
  private readonly byName = new Map<string, FunctionIdentity>();
  /**
   * The shapes of request (function, action, resource, condition keys supplied) already run once
   * through iam-simulate's validating entry point. What it validates — the policies, that the
   * action exists, which resource type the ARN is, how each supplied key is typed — depends on
   * nothing else, so later requests of a shape go to its non-validating entry point, which
   * evaluates the same policies the same way (Strict mode) at about a third of the cost. Every
   * DynamoDB call of a local burst is checked, so this is what keeps the check from being the
   * local stack's bottleneck.
   */
  private readonly validatedShapes = new Set<string>();

  private constructor(identities: FunctionIdentity[]) {
    for (const identity of identities) this.byName.set(identity.functionName, identity);
  }

  /**
   * Reads every function's identity from the template and checks, before anything runs, that each
   * policy is valid IAM and conditions only on keys the check supplies.
   */
  static async fromTemplate(template: Template): Promise<IamCheck> {
    const identities = Object.values(readFunctionIdentities(template));
    for (const identity of identities) await assertEvaluable(identity);
    return new IamCheck(identities);
  }

  /** The function an access key's name stands for is one of the template's. */
  knows(functionName: string): boolean {
    return this.byName.has(functionName);
  }

  identity(functionName: string): FunctionIdentity | undefined {
    return this.byName.get(functionName);
  }

  /**
   * Evaluates each authorization the call needs, in order; the first refused one throws (AWS names
   * one action and one resource). Resolves when every one is allowed.
   */
  async authorize(functionName: string, requests: AccessRequest[]): Promise<void> {
    const identity = this.byName.get(functionName);
    if (!identity) throw new UnrecognizedClientError();
    for (const request of requests) {
      const result = await this.evaluate(identity, request);
      if (result !== 'Allowed')
        throw new AccessDeniedError(
          identity.sessionArn,
          request.action,
          request.resource,
          result === 'ExplicitlyDenied',
        );
    }
  }

  private async evaluate(identity: FunctionIdentity, request: AccessRequest): Promise<EvaluationResult> {
    const [service = '', action = ''] = request.action.split(':');
    // Step Functions authorizes SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat against the
    // state machine the token belongs to (its AccessDenied names `…:stateMachine:<name>`, and CDK's
    // grantTaskResponse grants on that ARN), although the Service Authorization Reference lists no
    // resource type for them; the validating entry point accepts only "*" for such actions.
    if (request.resource !== '*' && (await isWildcardOnlyAction(service, action)))
      return runUnsafeSimulation(simulation(identity, request), {});
    // A wildcard resource makes the validating entry point run one simulation per resource type.
    const shape = request.resource.includes('*') ? null : shapeOf(identity, request);
    if (shape !== null && this.validatedShapes.has(shape))
      return runUnsafeSimulation(simulation(identity, request), {});
    const result = await runSimulation(simulation(identity, request), {});
    if (result.resultType === 'error')
      throw new Error(
        `The local IAM check could not evaluate ${request.action} on ${request.resource} for ${identity.functionName}: ${result.errors.message} ${JSON.stringify(result.errors)}`,
      );
    if (shape !== null) this.validatedShapes.add(shape);
    return result.overallResult;
  }
}

function shapeOf(identity: FunctionIdentity, request: AccessRequest): string {
  const keys = Object.keys(request.context ?? {}).sort();
  return JSON.stringify([identity.functionName, request.action, request.resource, keys]);
}

/** The global condition keys of a call made with a Lambda function's role session. */
function globalContext(identity: FunctionIdentity): Record<string, string> {
  const now = new Date();
  return {
    'aws:PrincipalArn': identity.roleArn,
    'aws:PrincipalAccount': LOCAL.account,
    'aws:PrincipalType': 'AssumedRole',
    'aws:RequestedRegion': LOCAL.region,
    // AWS endpoints are HTTPS; the local ones are plain HTTP on loopback, standing in for them.
    'aws:SecureTransport': 'true',
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
  };
}

function simulation(identity: FunctionIdentity, request: AccessRequest): Simulation {
  return {
    request: {
      principal: identity.sessionArn,
      action: request.action,
      resource: { resource: request.resource, accountId: LOCAL.account },
      contextVariables: { ...globalContext(identity), ...request.context },
    },
    identityPolicies: identity.policies.map((p) => ({ name: p.name, policy: p.document })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
}

async function assertEvaluable(identity: FunctionIdentity): Promise<void> {
  const where = `Function ${identity.functionLogicalId} (role ${identity.roleLogicalId})`;
  for (const policy of identity.policies) {
    for (const statement of policy.document.Statement) {
      if (!appliesToCheckedService(statement)) continue;
      for (const operator of Object.values((statement.Condition ?? {}) as Record<string, object>))
        for (const key of Object.keys(operator))
          if (!SUPPLIED_KEYS.has(key.toLowerCase()))
            throw new Error(
              `${where}, policy ${policy.name}: the condition key ${key} is not supplied by the local IAM check (${[...SUPPLIED_KEYS].join(', ')}), so it cannot evaluate that statement as AWS would`,
            );
    }
  }
  // Policy syntax, actions and ARNs are validated on every simulation; one now fails the start instead.
  const probe = await runSimulation(
    simulation(identity, {
      action: 'dynamodb:DescribeTable',
      resource: `arn:${LOCAL.partition}:dynamodb:${LOCAL.region}:${LOCAL.account}:table/probe`,
    }),
    {},
  );
  if (probe.resultType === 'error')
    throw new Error(`${where}: a policy the local IAM check cannot read — ${JSON.stringify(probe.errors)}`);
}

function appliesToCheckedService(statement: Statement): boolean {
  if ('NotAction' in statement) return true;
  const actions = ([] as unknown[]).concat(statement.Action ?? []).map(String);
  return actions.some((a) => {
    const prefix = a.split(':')[0]?.toLowerCase() ?? '';
    return /[*?]/.test(prefix) || (CHECKED_SERVICES as readonly string[]).includes(prefix);
  });
}
