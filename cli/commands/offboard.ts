import type { Command } from 'commander';
import { z } from 'zod';
import type { Context } from '../lanyard.ts';
import { print } from '../output.ts';

const Accepted = z.object({
  outcome: z.enum(['accepted', 'duplicate', 'stale']),
  eventId: z.string(),
  runId: z.string(),
  message: z.string().optional(),
});

/** `lanyard offboard <employeeId> --reason …`: an admin starts an offboarding, as themselves. */
export function offboardCommand(program: Command, context: () => Context): void {
  program
    .command('offboard <employeeId>')
    .description(
      'Offboard a person Lanyard knows: deactivate in Trello and the IdP, hand over boards, tokens',
    )
    .requiredOption('--reason <text>', 'why (kept in the run record and the audit trail)')
    .option('--urgent', 'act now, whatever the effective date', false)
    .option('--effective-at <ISO date-time>', 'when access ends (default: now)')
    .option('--dry-run', 'walk every step and record the plan, change nothing', false)
    .action(
      async (
        employeeId: string,
        options: { reason: string; urgent: boolean; effectiveAt?: string; dryRun: boolean },
      ) => {
        const { client, output } = context();
        const answer = await client.request(Accepted, 'POST', '/admin/offboardings', {
          body: JSON.stringify({
            employeeId,
            reason: options.reason,
            urgent: options.urgent,
            dryRun: options.dryRun,
            ...(options.effectiveAt && { effectiveAt: options.effectiveAt }),
          }),
          contentType: 'application/json',
        });
        print(output, answer, () =>
          answer.outcome === 'accepted'
            ? `Offboarding of ${employeeId} started: follow it with \`lanyard runs show ${answer.runId}\``
            : `Already requested (${answer.eventId}): \`lanyard runs show ${answer.runId}\``,
        );
      },
    );
}
