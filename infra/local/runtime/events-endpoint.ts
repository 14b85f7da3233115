/**
 * A wire-compatible EventBridge endpoint (`AWSEvents.PutEvents`, JSON 1.1) that routes each entry
 * by the template's rules: a rule matches when the entry's bus is the rule's bus and its event
 * pattern matches the event; state machine targets start an execution with the event (or the
 * target's Input / InputPath) as input, Lambda targets are invoked asynchronously, as EventBridge
 * does. Delivery failures are logged, never reported in the PutEvents answer (as on AWS). AWS
 * services' own events (Step Functions execution status changes, ./executions.ts) go to the default
 * bus through {@link emitServiceEvent} and are routed by the same rules.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { IamCheck } from '../iam/iam-check.ts';
import { LOCAL, type LocalRule } from '../template/read-template.ts';
import { assertPatternSupported, matchesPattern } from './event-pattern.ts';
import type { Executions } from './executions.ts';
import { RuntimeApiError } from './executions.ts';
import { type Authorize, type JsonEndpoint, startJsonEndpoint } from './json-endpoint.ts';
import { type LambdaHost, THROTTLED } from './lambda-host.ts';

const PutEventsEntry = z.object({
  Source: z.string().optional(),
  DetailType: z.string().optional(),
  Detail: z.string().optional(),
  EventBusName: z.string().optional(),
  Resources: z.array(z.string()).optional(),
  Time: z.union([z.number(), z.string()]).optional(),
  TraceHeader: z.string().optional(),
});
const PutEventsBody = z.object({
  Entries: z.array(PutEventsEntry).min(1).max(10),
  EndpointId: z.string().optional(),
});
type Entry = z.infer<typeof PutEventsEntry>;

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** The event EventBridge delivers to targets. */
export type BusEvent = {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
};

export interface EventRouting {
  rules: LocalRule[];
  /** Names of the buses that exist (besides `default`). */
  busNames: string[];
  /** State machine logical id → its local ARN. */
  stateMachineArns: Record<string, string>;
  executions: Executions;
  host: LambdaHost;
  onLog?: (line: string) => void;
  /** Evaluate the PutEvents calls functions make against their role policies. */
  iam?: IamCheck;
}

/** Routes one PutEvents entry; exported for in-process callers (e.g. schedules, tools). */
export function putEvent(routing: EventRouting, entry: Entry): PutEventsResultEntry {
  if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
    return {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameters Source, DetailType and Detail must be specified.',
    };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  const busName = busNameOf(entry.EventBusName);
  if (busName !== 'default' && !routing.busNames.includes(busName)) {
    // UNVERIFIED: the exact code AWS gives a missing bus per entry; the SDK surfaces it either way.
    return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist.` };
  }
  const event: BusEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: LOCAL.account,
    time: eventTime(entry.Time),
    region: LOCAL.region,
    resources: entry.Resources ?? [],
    detail,
  };
  route(routing, busName, event);
  return { EventId: event.id };
}

/** An event an AWS service sends: what it says, as EventBridge's envelope carries it. */
export interface ServiceEvent {
  source: string;
  detailType: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/**
 * Puts an AWS service's event on the default bus, where AWS services send theirs, and routes it by
 * the template's rules as any other event. Returns the event as the targets receive it.
 */
export function emitServiceEvent(routing: EventRouting, service: ServiceEvent): BusEvent {
  const event: BusEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': service.detailType,
    source: service.source,
    account: LOCAL.account,
    time: eventTime(undefined),
    region: LOCAL.region,
    resources: service.resources,
    detail: service.detail,
  };
  route(routing, 'default', event);
  return event;
}

function route(routing: EventRouting, busName: string, event: BusEvent): void {
  for (const rule of routing.rules) {
    if (rule.busName !== busName || !matchesPattern(rule.pattern, event)) continue;
    for (const target of rule.targets) deliver(routing, rule, target, event);
  }
}

function deliver(
  routing: EventRouting,
  rule: LocalRule,
  target: LocalRule['targets'][number],
  event: BusEvent,
): void {
  const where = `rule ${rule.logicalId} → ${target.logicalId}`;
  try {
    const input =
      target.input ?? JSON.stringify(target.inputPath ? pick(event, target.inputPath) : event) ?? 'null';
    if (target.kind === 'stateMachine') {
      const arn = routing.stateMachineArns[target.logicalId];
      if (!arn) throw new Error(`state machine ${target.logicalId} is not loaded`);
      const execution = routing.executions.start(arn, undefined, input);
      routing.onLog?.(`${where}: started ${execution.name}`);
    } else {
      invokeAsync(routing, target.logicalId, JSON.parse(input)).catch((error: unknown) => {
        routing.onLog?.(`${where} failed: ${(error as Error).message}`);
      });
    }
  } catch (error) {
    routing.onLog?.(`${where} failed: ${(error as Error).message}`);
  }
}

/**
 * An asynchronous invocation, as EventBridge makes it: Lambda queues the event and, when the
 * function is throttled, tries again for up to six hours (Lambda developer guide, "Asynchronous
 * invocation"); here with doubling waits from 100 ms to 5 min, timers that do not hold the process.
 */
async function invokeAsync(routing: EventRouting, logicalId: string, event: unknown): Promise<void> {
  const deadline = Date.now() + 6 * 3_600_000;
  for (let wait = 100; ; wait = Math.min(wait * 2, 300_000)) {
    try {
      await routing.host.invoke(logicalId, event);
      return;
    } catch (error) {
      if ((error as Error).name !== THROTTLED || Date.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
    }
  }
}

/** `events:PutEvents` on each entry's bus, with the entry's `events:source` and `events:detail-type`. */
function putEventsAuthorize(iam: IamCheck): Authorize {
  return async ({ functionName, body }) => {
    const entries = PutEventsBody.safeParse(body);
    const requests = (entries.success ? entries.data.Entries : []).map((entry) => ({
      action: 'events:PutEvents',
      resource: `arn:${LOCAL.partition}:events:${LOCAL.region}:${LOCAL.account}:event-bus/${busNameOf(entry.EventBusName)}`,
      context: {
        ...(entry.Source ? { 'events:source': entry.Source } : {}),
        ...(entry.DetailType ? { 'events:detail-type': entry.DetailType } : {}),
      },
    }));
    return iam.authorize(functionName, requests);
  };
}

export function startEventsEndpoint(routing: EventRouting, port?: number): Promise<JsonEndpoint> {
  for (const rule of routing.rules) {
    assertPatternSupported(rule.pattern, `Rule ${rule.logicalId}`);
    for (const target of rule.targets) {
      if (target.kind === 'stateMachine' && !routing.stateMachineArns[target.logicalId])
        throw new Error(
          `Rule ${rule.logicalId} targets state machine ${target.logicalId}, which is not loaded`,
        );
      if (target.kind === 'lambda' && !routing.host.has(target.logicalId))
        throw new Error(
          `Rule ${rule.logicalId} targets function ${target.logicalId}, which is not in the function map`,
        );
    }
  }
  return startJsonEndpoint({
    service: 'AWSEvents',
    contentType: 'application/x-amz-json-1.1',
    port,
    ...(routing.iam ? { authorize: putEventsAuthorize(routing.iam) } : {}),
    operations: {
      PutEvents: (body) => {
        const parsed = PutEventsBody.safeParse(body);
        if (!parsed.success) {
          throw new RuntimeApiError(
            'ValidationException',
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          );
        }
        const entries = parsed.data.Entries.map((entry) => putEvent(routing, entry));
        return { FailedEntryCount: entries.filter((e) => 'ErrorCode' in e).length, Entries: entries };
      },
    },
  });
}

/** The SDK sends Time as epoch seconds; absent means now. */
function eventTime(time: number | string | undefined): string {
  const date = time === undefined ? new Date() : new Date(typeof time === 'number' ? time * 1000 : time);
  // EventBridge writes times without milliseconds.
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** EventBusName may be a name or an ARN; absent means the default bus. */
function busNameOf(value: string | undefined): string {
  if (!value) return 'default';
  return value.startsWith('arn:') ? (value.split(':event-bus/')[1] ?? value) : value;
}

/** A target's InputPath: a plain `$.a.b` path. */
function pick(event: BusEvent, jsonPath: string): unknown {
  if (!/^\$(\.[A-Za-z0-9_-]+)*$/.test(jsonPath))
    throw new Error(`InputPath ${jsonPath} is not a plain $.a.b path`);
  return jsonPath
    .split('.')
    .slice(1)
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], event);
}
