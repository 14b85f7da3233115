/**
 * Drives the real local stack in tests: starts executions of the synthesized onboarding ASL
 * through the production SFN client, waits for them, and reads the records and the simulator.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbRecords } from '../../functions/adapters/dynamodb/dynamodb-records.ts';
import { SfnWorkflowEngine } from '../../functions/adapters/stepfunctions/sfn-workflow-engine.ts';
import { systemClock } from '../../functions/adapters/system/system-clock.ts';
import { ConfigKeys } from '../../functions/composition/config-keys.ts';
import {
  DetailTypes,
  HR_EVENT_SOURCE,
  type HrEventType,
  type LifecycleEventDetail,
} from '../../functions/contracts/hr-event.ts';
import { onboardingRunId } from '../../functions/core/lifecycle/run-ids.ts';
import type { RecordPorts } from '../../functions/ports/records/record-ports.ts';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../infra/local/local-stack.ts';
import { cachedSynthesize } from './synth-cache.ts';

const local = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

export interface StackHarness {
  stack: LocalStack;
  dataDir: string;
  sfn: SFNClient;
  events: EventBridgeClient;
  records: RecordPorts;
  workflow: SfnWorkflowEngine;
  /** `/_sim/*` of the Trello simulator. */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  restart(options?: Partial<LocalStackOptions>): Promise<void>;
  close(): Promise<void>;
}

export async function startStackHarness(options: Partial<LocalStackOptions> = {}): Promise<StackHarness> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'lanyard-stack-'));
  const start = (o: Partial<LocalStackOptions>) =>
    startLocalStack({
      basePort: 0,
      trelloPreset: 'tiny',
      trelloAnchor: new Date('2026-11-01T00:00:00Z'),
      // This run's synthesis of the same config, when there is one (a test may pass its own).
      synthesize: cachedSynthesize(),
      ...o,
      // No seat watch unless a test asks: its first firing at start would add Trello calls and
      // seat releases that tests counting either did not cause (test/integration/workflows/seat-watch.test.ts).
      // No mass-change guard unless a test asks: a file's terminations add up over its tests, and
      // a held one would wait for a decision no test makes (test/integration/workflows/mass-change-guard.test.ts).
      // No daily reconciliation: a test starts the ones it counts on (test/integration/workflows/reconciliation.test.ts).
      config: {
        seatWatchSchedule: null,
        massChangeGuard: 'off',
        reconciliation: { schedule: null, mode: 'report' },
        ...o.config,
      },
      dataDir,
    });
  let stack = await start(options);
  const clients = () => ({
    sfn: new SFNClient({ ...local, endpoint: stack.runtime.sfnEndpoint }),
    events: new EventBridgeClient({ ...local, endpoint: stack.runtime.eventsEndpoint }),
    records: dynamoDbRecords({
      client: DynamoDBDocumentClient.from(
        new DynamoDBClient({ ...local, endpoint: stack.dynamodbEndpoint }),
        {
          marshallOptions: { removeUndefinedValues: true },
        },
      ),
      tableName: stack.tableName,
    }),
  });
  const harness: StackHarness = {
    stack,
    dataDir,
    ...clients(),
    workflow: new SfnWorkflowEngine(new SFNClient({ ...local, endpoint: stack.runtime.sfnEndpoint })),
    async control<T>(method: string, p: string, body?: unknown): Promise<T> {
      const response = await fetch(`${harness.stack.trello.url}/_sim${p}`, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`control ${method} ${p} answered ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
    async restart(more = {}) {
      stack = await start({ ...options, ...more });
      Object.assign(harness, {
        stack,
        ...clients(),
        workflow: new SfnWorkflowEngine(new SFNClient({ ...local, endpoint: stack.runtime.sfnEndpoint })),
      });
    },
    async close() {
      await harness.stack.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

let counter = 0;
/** A canonical HR event with unique ids; the EventBridge envelope around it is what rules deliver. */
export function hrEvent(
  type: HrEventType,
  employee: { email: string; fullName?: string; department?: string | null; id?: string },
  overrides: Partial<LifecycleEventDetail> = {},
): LifecycleEventDetail {
  counter += 1;
  const now = new Date().toISOString();
  return {
    id: `evt-test-${Date.now()}-${counter}`,
    type,
    occurredAt: now,
    effectiveAt: now,
    employee: {
      id: employee.id ?? `E${Date.now()}${counter}`,
      email: employee.email,
      fullName: employee.fullName ?? employee.email.split('@')[0] ?? 'Someone',
      department: employee.department ?? null,
      managerEmail: null,
    },
    dryRun: false,
    ...overrides,
  };
}

export function envelope(detail: LifecycleEventDetail): Record<string, unknown> {
  return {
    version: '0',
    id: `bus-${detail.id}`,
    'detail-type': DetailTypes[detail.type],
    source: HR_EVENT_SOURCE,
    account: '000000000000',
    time: detail.occurredAt,
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

export function startOnboarding(h: StackHarness, detail: LifecycleEventDetail, name = `run-${detail.id}`) {
  return startWorkflow(h, h.stack.onboardingArn, detail, name);
}

export function startOffboarding(h: StackHarness, detail: LifecycleEventDetail, name = `off-${detail.id}`) {
  return startWorkflow(h, h.stack.offboardingArn, detail, name);
}

async function startWorkflow(
  h: StackHarness,
  stateMachineArn: string,
  detail: LifecycleEventDetail,
  name: string,
): Promise<string> {
  const { executionArn } = await h.sfn.send(
    new StartExecutionCommand({
      stateMachineArn,
      name,
      input: JSON.stringify(envelope(detail)),
    }),
  );
  if (!executionArn) throw new Error('StartExecution returned no ARN');
  return executionArn;
}

/** Polls until the execution leaves RUNNING (or `until` says stop). */
export async function waitForExecution(
  h: StackHarness,
  executionArn: string,
  until: (d: DescribeExecutionCommandOutput) => boolean = (d) => d.status !== 'RUNNING',
  timeoutMs = 30_000,
): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await h.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (until(d)) return d;
    if (Date.now() > deadline)
      throw new Error(`Execution ${executionArn} still ${d.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The admin API as the local stack's admin token calls it. */
export async function adminRequest(h: StackHarness, method: string, path: string, body?: unknown) {
  const response = await fetch(`${h.stack.api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${h.stack.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export { systemClock };

/**
 * A hire who finds every seat taken: an onboarding started `daysAgo` in HR time, waiting on its
 * seat request (the queue). Answers the Trello member, the pending approval and the run id.
 */
export async function queuedHire(h: StackHarness, name: string, daysAgo: number) {
  const email = `${name}.${Date.now()}@example.com`;
  const member = await h.control<{ id: string }>('POST', '/members', { email, fullName: name });
  const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  const detail = hrEvent(
    'employee.hired',
    { email, id: `E-Q-${name}-${Date.now()}` },
    { effectiveAt: at, occurredAt: at },
  );
  await startOnboarding(h, detail);
  const runId = onboardingRunId(detail.id);
  const approval = await waitFor(`${name}'s seat request`, async () => {
    const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 100 });
    return items.find((a) => a.runId === runId);
  });
  return { member, approval, runId };
}

/** Puts an HR event on the lifecycle bus as the ingest does (the profile-only rules take it from there). */
export async function publishHrEvent(h: StackHarness, detail: LifecycleEventDetail): Promise<void> {
  const answer = await h.events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: h.stack.env[ConfigKeys.eventBusName],
          Source: HR_EVENT_SOURCE,
          DetailType: DetailTypes[detail.type],
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  if (answer.FailedEntryCount !== 0)
    throw new Error(`The bus refused ${detail.id}: ${JSON.stringify(answer.Entries)}`);
}

/** A hire onboarded to the end (`active`, with a Trello member id), known to the IdP simulator too. */
export async function onboardedPerson(
  h: StackHarness,
  email: string,
  department: string | null = null,
): Promise<{ memberId: string; employee: LifecycleEventDetail['employee'] }> {
  const member = await h.control<{ id: string }>('POST', '/members', {
    email,
    fullName: email,
    licensed: true,
  });
  h.stack.idp?.addUser({ email });
  const hire = hrEvent('employee.hired', { email, department });
  await startOnboarding(h, hire);
  await waitFor(
    `the onboarding of ${email}`,
    async () => (await h.records.runs.getRun(onboardingRunId(hire.id)))?.status === 'succeeded',
    60_000,
  );
  return { memberId: member.id, employee: hire.employee };
}
