/**
 * The composition root, in parts. What every step gets (config, clock, the settings) is built once
 * per cold start (per process locally), on first use, never at import time. A step gets the record
 * ports it names (defineStep's `records`) and no other: its dependencies type has only those, one
 * it did not name throws UndeclaredPortError, and only the named ones are built. Every other port —
 * Trello, the notifier, the workflow engine, the IdP, the mailer, the metrics — has a provider in
 * its own module (runtime/providers/), and a handler imports only the providers its step names
 * (defineStep's `ports`): a function's bundle, and the modules it loads when it starts, reach only
 * the adapters its step uses. A port is built for the first step of a process that uses it and
 * shared by every later one (locally many steps run in one process: one Trello pacer for all of
 * them). No AWS SDK module is loaded at import time: the DynamoDB client is made here, at the first
 * invocation; every other client when its port is first called.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock } from '../adapters/system/system-clock.ts';
import { systemRandomness } from '../adapters/system/system-randomness.ts';
import type { OffboardingDeps } from '../core/offboarding/offboarding-deps.ts';
import type { OnboardingDeps } from '../core/onboarding/onboarding-deps.ts';
import type { ReconciliationDeps } from '../core/reconciliation/reconciliation-deps.ts';
import type { SweepDeps } from '../core/sweep/sweep-deps.ts';
import type { Randomness } from '../ports/randomness.ts';
import { RECORD_PORT_NAMES, type RecordPortName, type RecordPorts } from '../ports/records/record-ports.ts';
import { awsClientConfig } from './aws-clients.ts';
import { type Config, parseConfig } from './config.ts';

export type Dependencies = OnboardingDeps &
  OffboardingDeps &
  SweepDeps &
  ReconciliationDeps & { config: Config; randomness: Randomness };

/** The ports a step names to get them; the rest of {@link Dependencies} every step gets. */
export const PORT_NAMES = [
  'trello',
  'notifier',
  'workflow',
  'idp',
  'atlassianTokens',
  'mailer',
  'metrics',
  'publisher',
] as const;
export type PortName = (typeof PORT_NAMES)[number];

/** What every step gets: config, clock, randomness and the settings. */
export type BaseDependencies = Omit<Dependencies, PortName | RecordPortName>;

/**
 * A step's dependencies: what every step gets, the ports (all typed; one not named in `ports`
 * throws when used) and, of the record ports, only the `R` it names.
 */
export type StepDependencies<R extends RecordPortName> = Omit<Dependencies, RecordPortName> &
  Pick<RecordPorts, R>;

export interface Composition {
  readonly config: Config;
  /** The process's one DynamoDB document client (the record ports, the Trello pacer). */
  readonly dynamodb: DynamoDBDocumentClient;
  readonly base: BaseDependencies;
  /** One record port on the table: built on first ask, then the same for every part of the process. */
  record<N extends RecordPortName>(name: N): RecordPorts[N];
}

/**
 * Builds one port from the composition, without I/O: an adapter that needs any (a secret, an SDK
 * client) waits for the port's first call.
 */
export interface PortProvider<N extends PortName> {
  readonly name: N;
  /** The port of this composition: built once, then the same for every step that names it. */
  of(composition: Composition): Promise<Dependencies[N]>;
}

/** The ports a part of Lanyard uses, keyed by name: `{ trello, notifier }`. */
export type PortSet = { readonly [N in PortName]?: PortProvider<N> };

/** A port used by a step that did not name it in its `ports`: a mistake in the handler, never retried. */
export class UndeclaredPortError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndeclaredPortError';
  }
}

let current: Promise<Composition> | undefined;

/** The composition of this cold start, built on first call. */
export function composition(): Promise<Composition> {
  current ??= (async () => compose(parseConfig(process.env)))().catch((error: unknown) => {
    current = undefined; // a bad config must not poison every later call
    throw error;
  });
  return current;
}

/** Tests and the local runtime call this after changing the environment: every port is built again. */
export function resetDependencies(): void {
  current = undefined;
}

/** `build` may load its adapter's module (`await import`): it is then evaluated at the first invocation. */
export function definePort<N extends PortName>(
  name: N,
  build: (composition: Composition) => Dependencies[N] | Promise<Dependencies[N]>,
): PortProvider<N> {
  const built = new WeakMap<Composition, Promise<Dependencies[N]>>();
  return {
    name,
    of(composition) {
      let port = built.get(composition);
      if (port === undefined) {
        port = (async () => build(composition))();
        port.catch(() => built.delete(composition)); // a module that failed to load is tried again
        built.set(composition, port);
      }
      return port;
    },
  };
}

/** Gets a part's dependencies; `ports` and `records` list the ports it named. */
export type DependencySource<D = Dependencies> = (() => Promise<D>) & {
  readonly ports: readonly PortName[];
  readonly records: readonly RecordPortName[];
};

/**
 * The dependencies of a part of Lanyard that uses `ports` and the record ports `records` (every
 * one unless given), with what every step gets, built once per composition. `user` names it in
 * the error a port it did not name would throw.
 */
export function dependenciesOf(ports: PortSet, user: string): DependencySource;
export function dependenciesOf<R extends RecordPortName>(
  ports: PortSet,
  user: string,
  records: readonly R[],
): DependencySource<StepDependencies<R>>;
export function dependenciesOf(
  ports: PortSet,
  user: string,
  records: readonly RecordPortName[] = RECORD_PORT_NAMES,
): DependencySource {
  const built = new WeakMap<Composition, Dependencies>();
  const get = async () => {
    const c = await composition();
    let deps = built.get(c);
    if (deps === undefined) {
      const named = await Promise.all(
        PORT_NAMES.map(async (name) => {
          const provider = ports[name];
          // A named port may be null (no IdP configured): only an unnamed one stands in.
          return [name, provider ? await provider.of(c) : undeclaredPort(user, name, 'ports')] as const;
        }),
      );
      const recordPorts = RECORD_PORT_NAMES.map(
        (name) =>
          [name, records.includes(name) ? c.record(name) : undeclaredPort(user, name, 'records')] as const,
      );
      // Concurrent first calls agree: the ports are the composition's, whichever object is kept.
      deps =
        built.get(c) ??
        ({ ...c.base, ...Object.fromEntries(named), ...Object.fromEntries(recordPorts) } as Dependencies);
      built.set(c, deps);
    }
    return deps;
  };
  return Object.assign(get, {
    ports: PORT_NAMES.filter((name) => ports[name] !== undefined),
    records: RECORD_PORT_NAMES.filter((name) => records.includes(name)),
  });
}

async function compose(config: Config): Promise<Composition> {
  // The SDK and the records adapter (its item schemas) are loaded here, at the first invocation.
  const [
    { DynamoDBClient },
    { DynamoDBDocumentClient },
    { dynamoDbRecord },
    { GuardRecords },
    { RecordTable },
  ] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/lib-dynamodb'),
    import('../adapters/dynamodb/dynamodb-records.ts'),
    import('../adapters/dynamodb/guard-records.ts'),
    import('../adapters/dynamodb/record-table.ts'),
  ]);
  const dynamodb = DynamoDBDocumentClient.from(
    new DynamoDBClient(awsClientConfig(config.endpoints.dynamodb)),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
  const table = new RecordTable(dynamodb, config.tableName);
  const records = new Map<RecordPortName, RecordPorts[RecordPortName]>();
  const record = <N extends RecordPortName>(name: N): RecordPorts[N] => {
    let port = records.get(name) as RecordPorts[N] | undefined;
    if (port === undefined) {
      port = dynamoDbRecord(name, table);
      records.set(name, port);
    }
    return port;
  };
  const base: BaseDependencies = {
    config,
    clock: systemClock,
    randomness: systemRandomness,
    guard: new GuardRecords(table),
    offboarding: {
      idpScope: config.offboarding.idp?.scope ?? 'sign-in',
      successorFallbackMemberId: config.offboarding.successorFallbackMemberId,
      onboardingStateMachineArn: config.offboarding.onboardingStateMachineArn,
      approvalTimeoutHours: config.onboarding.approvalTimeoutHours,
      consoleUrl: config.onboarding.consoleUrl,
      timeToCut: config.offboarding.timeToCut,
      massChangeGuard: config.massChangeGuard,
    },
    sweepSettings: {
      inactiveDays: config.sweep.inactiveDays,
      graceDays: config.sweep.graceDays,
      allowList: config.sweep.allowList,
      answerDays: config.sweep.answerDays,
      approvalTimeoutHours: config.onboarding.approvalTimeoutHours,
      consoleUrl: config.onboarding.consoleUrl,
      massChangeGuard: config.massChangeGuard,
    },
    reconciliation: {
      approvalTimeoutHours: config.onboarding.approvalTimeoutHours,
      consoleUrl: config.onboarding.consoleUrl,
      massChangeGuard: config.massChangeGuard,
    },
    onboarding: { defaultWorkspaceId: config.trello.defaultWorkspaceId, ...config.onboarding },
  };
  return { config, dynamodb, base, record };
}

/** Stands for a port the user did not name: using it in any way throws, naming the port. */
function undeclaredPort(user: string, port: PortName | RecordPortName, list: 'ports' | 'records'): never {
  return new Proxy(
    {},
    {
      get(_target, property) {
        // Not a thenable, and quiet to inspection (symbols): only a real use fails.
        if (property === 'then' || typeof property === 'symbol') return undefined;
        const kind = list === 'records' ? 'record port' : 'port';
        throw new UndeclaredPortError(
          `${user} uses the ${port} ${kind} (${String(property)}) but does not name it in its ${list}: add '${port}' to them`,
        );
      },
    },
  ) as never;
}
