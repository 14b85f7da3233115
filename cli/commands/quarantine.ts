import type { Command } from 'commander';
import { QuarantineDecisionResult, QuarantineView } from '../../functions/api/admin/routes/quarantine.ts';
import type { Context } from '../lanyard.ts';
import { print, table } from '../output.ts';

export function quarantineCommand(program: Command, context: () => Context): void {
  const quarantine = program
    .command('quarantine')
    .description('Terminations the mass-change guard holds: list them, release or discard them');
  quarantine
    .command('list', { isDefault: true })
    .description('The held batches, by department and manager, and who is in them')
    .action(async () => {
      const { client, output } = context();
      const view = await client.request(QuarantineView, 'GET', '/admin/quarantine');
      print(output, view, () =>
        [
          `Mass-change guard: ${view.guard}`,
          ...(view.batches.length === 0 ? ['Nothing is held.'] : []),
          ...view.batches.flatMap((b) => [
            '',
            `Batch ${b.batchId} (${b.status}, opened ${b.openedAt}): ${b.pending} waiting — more than ${b.limit} terminations within ${b.windowMinutes} min`,
            `By department: ${b.byDepartment.map((d) => `${d.department} ${d.count}`).join(', ') || '—'}`,
            `By manager: ${b.byManager.map((m) => `${m.managerEmail} ${m.count}`).join(', ') || '—'}`,
            table(
              b.runs.map((r) => ({
                person: `${r.fullName} <${r.email}>`,
                department: r.department ?? '',
                held: r.heldAt,
                decision: r.decision === 'pending' ? 'waiting' : `${r.decision} by ${r.decidedBy}`,
                run: r.runId,
              })),
              ['person', 'department', 'held', 'decision', 'run'],
            ),
          ]),
        ].join('\n'),
      );
    });
  for (const action of ['release', 'discard'] as const) {
    quarantine
      .command(`${action} <batchId>`)
      .description(
        action === 'release'
          ? 'Let the held terminations run now (fail-closed, cuts timed from now)'
          : 'Drop the held terminations: each recorded as discarded, never applied',
      )
      .option('--department <name...>', 'only the people of these departments ("(none)" for no department)')
      .action(async (batchId: string, options: { department?: string[] }) => {
        const { client, output } = context();
        const result = await client.request(
          QuarantineDecisionResult,
          'POST',
          `/admin/quarantine/${encodeURIComponent(batchId)}/${action}`,
          { body: JSON.stringify(options.department ? { departments: options.department } : {}) },
        );
        print(
          output,
          result,
          () =>
            `${action === 'release' ? 'Released' : 'Discarded'} ${result.decided.length}${
              result.alreadyDecided.length > 0 ? ` (${result.alreadyDecided.length} decided before)` : ''
            }; ${result.remaining} still held.`,
        );
      });
  }
}
