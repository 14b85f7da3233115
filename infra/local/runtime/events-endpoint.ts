/**
 * A wire-compatible EventBridge endpoint (PutEvents) that routes each event by the template's
 * rules: state machine targets start an execution with the event as input, Lambda targets are
 * invoked asynchronously, as EventBridge does.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LOCAL, type LocalRule, stateMachineArn } from '../template/resolve-asl.ts';
import { matchesPattern } from './event-pattern.ts';
import type { Executions } from './executions.ts';
import { RuntimeApiError } from './executions.ts';
import { type JsonEndpoint, startJsonEndpoint } from './json-endpoint.ts';
import type { LambdaHost } from './lambda-host.ts';

const PutEventsBody = z.object({
  Entries: z
    .array(
      z.object({
        Source: z.string().min(1),
        DetailType: z.string().min(1),
        Detail: z.string(),
        EventBusName: z.string().optional(),
        Resources: z.array(z.string()).optional(),
        Time: z.union([z.number(), z.string()]).optional(),
      }),
    )
    .min(1)
    .max(10),
});

export interface EventRouting {
  rules: LocalRule[];
  /** State machine logical id → its name (for the local ARN). */
  stateMachineNames: Record<string, string>;
  executions: Executions;
  host: LambdaHost;
  onLog?: (line: string) => void;
}

export function startEventsEndpoint(routing: EventRouting, port?: number): Promise<JsonEndpoint> {
  return startJsonEndpoint({
    service: 'AWSEvents',
    contentType: 'application/x-amz-json-1.1',
    port,
    operations: {
      PutEvents: (body) => {
        const parsed = PutEventsBody.safeParse(body);
        if (!parsed.success)
          throw new RuntimeApiError(
            'ValidationException',
            parsed.error.issues.map((i) => i.message).join('; '),
          );
        const entries = parsed.data.Entries.map((entry) => route(routing, entry));
        return { FailedEntryCount: entries.filter((e) => 'ErrorCode' in e).length, Entries: entries };
      },
    },
  });
}

function route(
  routing: EventRouting,
  entry: z.infer<typeof PutEventsBody>['Entries'][number],
): { EventId: string } | { ErrorCode: string; ErrorMessage: string } {
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  const busName = busNameOf(entry.EventBusName);
  const event = {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: LOCAL.account,
    time: entry.Time
      ? new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time).toISOString()
      : new Date().toISOString(),
    region: LOCAL.region,
    resources: entry.Resources ?? [],
    detail,
  };
  for (const rule of routing.rules) {
    if (rule.busName !== busName || !matchesPattern(rule.pattern, event)) continue;
    for (const target of rule.targets) {
      const input = target.input ?? JSON.stringify(target.inputPath ? pick(event, target.inputPath) : event);
      if (target.kind === 'stateMachine') {
        const name = routing.stateMachineNames[target.logicalId] ?? target.logicalId;
        routing.executions.start(stateMachineArn(name), undefined, input);
      } else {
        routing.host.invoke(target.logicalId, JSON.parse(input)).catch((error: unknown) => {
          routing.onLog?.(`rule ${rule.logicalId} → ${target.logicalId} failed: ${(error as Error).message}`);
        });
      }
    }
  }
  return { EventId: event.id };
}

/** EventBusName may be a name or an ARN; absent means the default bus. */
function busNameOf(value: string | undefined): string {
  if (!value) return 'default';
  return value.startsWith('arn:') ? (value.split('event-bus/')[1] ?? value) : value;
}

function pick(event: Record<string, unknown>, jsonPath: string): unknown {
  return jsonPath
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], event);
}
