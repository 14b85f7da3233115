/**
 * `npm start`: Lanyard on 127.0.0.1 — the HTTP API and console, Trello simulator, DynamoDB server,
 * local Step Functions and EventBridge endpoints — keeping its data under LANYARD_DATA_DIR between runs. Ctrl-C stops it;
 * runs still in flight are run again from their start next time (every step is idempotent).
 */
import './runtime/node20-polyfills.ts';
import path from 'node:path';
import { z } from 'zod';
import { IdpKinds } from '../../functions/ports/identity-provider.ts';
import { SweepModes } from '../../functions/ports/record-store.ts';
import type { DeployConfig } from '../deploy-config.ts';
import { LOCAL_MAIL_FROM, startLocalStack } from './local-stack.ts';

const Env = z.object({
  LANYARD_PORT: z.coerce.number().int().min(1024).max(65_000).default(4100),
  LANYARD_DATA_DIR: z.string().min(1).default('.lanyard'),
  LANYARD_TRELLO_PRESET: z.enum(['tiny', 'demo', '5k', '100k']).default('demo'),
  /** Which IdP simulator offboarding cuts SSO in (`none`: no IdP, reported as a gap). */
  LANYARD_IDP_SIMULATOR: z.enum(['none', ...IdpKinds]).default('okta'),
  LANYARD_IDP_SCOPE: z.enum(['sign-in', 'account']).default('sign-in'),
  /** A Scheduler expression to sweep idle seats by itself (fired by the local runtime), and how. */
  LANYARD_SWEEP_SCHEDULE: z.string().optional(),
  LANYARD_SWEEP_MODE: z.enum(SweepModes).default('report'),
});

/** What the guard does, said at start — and that it is off, when it is. */
function guardLine(guard: DeployConfig['massChangeGuard']): string {
  if (guard === 'off')
    return 'OFF: any number of terminations or sweep reclaims runs at once (massChangeGuard: "off")';
  const share = (s: number | null) => (s === null ? '' : ` or ${Math.round(s * 100)} % of licensed members`);
  const { terminations: t, reclaims: r } = guard;
  return `more than ${t.maxCount} terminations in ${t.windowMinutes} min${share(t.maxShare)} wait for an admin (npx lanyard quarantine); so does a sweep reclaiming more than ${r.maxCount} seats${share(r.maxShare)}`;
}

async function main(): Promise<void> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    console.error(
      `Cannot start: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    process.exit(2);
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.LANYARD_DATA_DIR);
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const stack = await startLocalStack({
    dataDir,
    basePort: env.LANYARD_PORT,
    trelloPreset: env.LANYARD_TRELLO_PRESET,
    idp: env.LANYARD_IDP_SIMULATOR === 'none' ? null : env.LANYARD_IDP_SIMULATOR,
    idpScope: env.LANYARD_IDP_SCOPE,
    // The rest of `sweep` takes the deploy config's defaults when the stack parses it.
    ...(env.LANYARD_SWEEP_SCHEDULE && {
      config: {
        sweep: {
          schedule: env.LANYARD_SWEEP_SCHEDULE,
          mode: env.LANYARD_SWEEP_MODE,
          // Local mail goes to the outbox file, so any sender will do.
          askFirst: { from: LOCAL_MAIL_FROM, answerDays: 7 },
        } as DeployConfig['sweep'],
      },
    }),
  });
  const info = stack.trello.info();
  const e = stack.endpoints;
  console.log(`
Lanyard is running on 127.0.0.1 (data in ${dataDir})

  Console & admin API  ${e.api}/   (OpenAPI ${e.api}/admin/openapi.json)
  Admin token          ${stack.adminToken}
  HR events            POST ${e.api}/hr/events   signed with ${stack.webhookSecret}
                       (both kept in ${path.join(dataDir, 'secrets.json')}, mode 0600)
  Trello simulator     ${e.trello}   (API ${e.trelloApi}; control plane ${e.trello}/_sim/info)
                       Enterprise ${info.enterpriseId}, ${info.members} members, preset ${info.preset}
${
  stack.idp
    ? `  IdP simulator        ${stack.idp.url}   (${stack.idp.kind}; users at ${stack.idp.url}/__control/users/<email>)
`
    : ''
}  Mass-change guard    ${guardLine(stack.config.massChangeGuard)}
  DynamoDB             ${e.dynamodb}   table ${e.tableName}
  Step Functions       ${e.stepFunctions}
  EventBridge          ${e.eventBridge}   bus ${e.eventBusName}
  Mail to people       ${e.outbox}   (ask-first sweeps' "keep my seat" links)
  Endpoints file       ${path.join(dataDir, 'endpoints.json')}

Send a hire:  npx lanyard event send hired --email ana.lima@example.com --name "Ana Lima" --department Design
Then look:    npx lanyard runs list     (or open the console: ${e.api}/)
Approve:      npx lanyard approvals list, then npx lanyard approvals approve <id> --comment "…"
Offboard:     npx lanyard event send terminated --email ana.lima@example.com   (or: npx lanyard offboard <employeeId> --reason "…")
Ctrl-C stops; a second start keeps the data.
`);
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: stopping…`);
    await stack.close();
    console.log('Stopped. Runs in flight will run again from their start next time.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Lanyard could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
