/**
 * `npx lanyard …`: the admin API from a terminal (local or deployed). Exit codes: 0 done,
 * 1 the API refused (what it said is printed), 2 usage or config, 3 Lanyard or the network failed.
 */
import { Command, CommanderError } from 'commander';
import { AdminClient } from './admin-client.ts';
import { type CliTarget, resolveTarget } from './cli-config.ts';
import { CliError } from './cli-error.ts';
import { approvalsCommand } from './commands/approvals.ts';
import { auditCommand } from './commands/audit.ts';
import { eventCommand } from './commands/event.ts';
import { importCommand } from './commands/import.ts';
import { offboardCommand } from './commands/offboard.ts';
import { quarantineCommand } from './commands/quarantine.ts';
import { reconcileCommand } from './commands/reconcile.ts';
import { runsCommand } from './commands/runs.ts';
import { seatsCommand } from './commands/seats.ts';
import { sweepCommand } from './commands/sweep.ts';
import type { Output } from './output.ts';

export interface Context {
  client: AdminClient;
  output: Output;
  target: CliTarget;
}

export function buildProgram(): Command {
  const program = new Command('lanyard')
    .description('Lanyard: Trello Enterprise lifecycle — approvals, runs, people, imports, audit, seats')
    .option(
      '--api <url>',
      'admin API base URL (default: LANYARD_API_URL, ~/.config/lanyard/config.json, or the local stack)',
    )
    .option('--token <token>', 'admin token (default: LANYARD_ADMIN_TOKEN, config, or the local stack)')
    .option('--json', 'print JSON for scripts', false)
    .showHelpAfterError()
    .exitOverride();
  const context = (): Context => {
    const flags = program.opts<{ api?: string; token?: string; json: boolean }>();
    const target = resolveTarget(flags);
    return { client: new AdminClient(target), output: { json: flags.json }, target };
  };
  approvalsCommand(program, context);
  runsCommand(program, context);
  importCommand(program, context);
  quarantineCommand(program, context);
  offboardCommand(program, context);
  sweepCommand(program, context);
  reconcileCommand(program, context);
  eventCommand(program, context);
  auditCommand(program, context);
  seatsCommand(program, context);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the usage problem (or the help/version it was asked for).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`lanyard: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`lanyard: ${(error as Error).message}\n`);
    return 3;
  }
}
