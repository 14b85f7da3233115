/**
 * `npm run event -- <type> --email … [options]`: puts a canonical HR event (DESIGN.md
 * "Interfaces") on the local bus through the production EventBridge client, as HR ingest will.
 * `npm run event -- runs` lists the onboarding executions and how they ended.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import {
  canonicalEventType,
  DetailTypes,
  HR_EVENT_SOURCE,
  type HrEventType,
  LifecycleEventDetail,
  SHORT_EVENT_TYPES,
} from '../../functions/contracts/hr-event.ts';

const USAGE = `Usage:
  npm run event -- <${SHORT_EVENT_TYPES.join('|')}> --email <addr> [--name "Full Name"]
                   [--employee-id E1001] [--department Design] [--manager <addr>] [--effective-at <ISO>] [--dry-run]
  (each type may also be written in full: employee.hired, …)
  npm run event -- runs`;

const Endpoints = z.object({
  eventBridge: z.url(),
  eventBusName: z.string(),
  stepFunctions: z.url(),
  onboardingStateMachineArn: z.string(),
});
const local = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

function endpoints() {
  const file = path.resolve(process.env.LANYARD_DATA_DIR ?? '.lanyard', 'endpoints.json');
  try {
    return Endpoints.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new Error(
      `No running local stack found (${file}). Start it first (npm start), or, if it runs with LANYARD_DATA_DIR set, set the same LANYARD_DATA_DIR here.`,
    );
  }
}

async function sendEvent(type: HrEventType, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      'employee-id': { type: 'string' },
      department: { type: 'string' },
      manager: { type: 'string' },
      'effective-at': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.email) throw new Error(`--email is required\n${USAGE}`);
  const now = new Date().toISOString();
  const parsed = LifecycleEventDetail.safeParse({
    id: `evt-${randomUUID()}`,
    type,
    occurredAt: now,
    effectiveAt: values['effective-at'] ?? now,
    employee: {
      id:
        values['employee-id'] ??
        `E-${createHash('sha256').update(values.email.toLowerCase()).digest('hex').slice(0, 8)}`,
      email: values.email,
      fullName: values.name ?? values.email.split('@')[0],
      department: values.department,
      managerEmail: values.manager,
    },
    dryRun: values['dry-run'],
  });
  if (!parsed.success) {
    throw new Error(
      `The event is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const event = parsed.data;
  const e = endpoints();
  const client = new EventBridgeClient({ ...local, endpoint: e.eventBridge });
  const result = await client.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: e.eventBusName,
          Source: HR_EVENT_SOURCE,
          DetailType: DetailTypes[event.type],
          Detail: JSON.stringify(event),
        },
      ],
    }),
  );
  if (result.FailedEntryCount)
    throw new Error(`The bus refused the event: ${JSON.stringify(result.Entries)}`);
  console.log(`Sent ${event.type} ${event.id} for ${event.employee.email} (employee ${event.employee.id}).`);
  console.log('Watch it: npm run event -- runs');
}

async function listRuns(): Promise<void> {
  const e = endpoints();
  const sfn = new SFNClient({ ...local, endpoint: e.stepFunctions });
  const { executions = [] } = await sfn.send(
    new ListExecutionsCommand({ stateMachineArn: e.onboardingStateMachineArn, maxResults: 20 }),
  );
  if (executions.length === 0) console.log('No onboarding runs yet.');
  for (const x of executions) {
    const detail = await sfn.send(new DescribeExecutionCommand({ executionArn: x.executionArn }));
    const output = detail.output ? (JSON.parse(detail.output) as { finish?: { outcome?: string } }) : {};
    console.log(
      `${x.startDate?.toISOString()}  ${x.status?.padEnd(9)}  ${output.finish?.outcome ?? detail.error ?? ''}  ${x.name}`,
    );
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'runs') return listRuns();
  const type = command ? canonicalEventType(command) : null;
  if (type) return sendEvent(type, rest);
  throw new Error(USAGE);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
