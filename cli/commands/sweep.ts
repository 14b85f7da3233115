import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Context } from '../lanyard.ts';
import { print } from '../output.ts';

const Started = z.object({ sweepId: z.string() });
export const SweepView = z.object({
  sweepId: z.string(),
  mode: z.string(),
  dryRun: z.boolean(),
  status: z.string(),
  inactiveSince: z.string(),
  seatsBefore: z.number().nullable(),
  seatsAfter: z.number().nullable(),
  counts: z.record(z.string(), z.number()),
  members: z.array(
    z.object({
      memberId: z.string(),
      email: z.string().nullable(),
      state: z.string(),
      reason: z.string(),
      /** added, already-there, refused-by-policy, failed; null while a candidate. */
      status: z.string().nullable().optional(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
const Dropped = z.object({ dropped: z.array(z.string()), notCandidates: z.array(z.string()) });

/** `lanyard sweep start|show|drop`: idle-seat sweeps over the admin API. */
export function sweepCommand(program: Command, context: () => Context): void {
  const sweep = program
    .command('sweep')
    .description('Idle-seat sweeps: find licensed members who no longer use Trello');
  sweep
    .command('start')
    .description(
      'Start a sweep now: report (default, changes nothing), approve (one approval), ask-first (mail each idle member) or auto',
    )
    .option('--mode <mode>', 'report, approve, ask-first or auto', 'report')
    .option('--dry-run', 'walk it without changes', false)
    .action(async (options: { mode: string; dryRun: boolean }) => {
      const { client, output } = context();
      const started = await client.request(Started, 'POST', '/admin/sweeps', {
        body: JSON.stringify({ mode: options.mode, dryRun: options.dryRun }),
        contentType: 'application/json',
      });
      print(
        output,
        started,
        () => `Sweep ${started.sweepId} started: \`lanyard sweep show ${started.sweepId}\``,
      );
    });
  sweep
    .command('show <sweepId>')
    .description('A sweep: its status, counts and members (--csv writes them all)')
    .option(
      '--state <state>',
      'only members in this state (candidate, exempt, dropped, reclaimed, skipped, failed)',
    )
    .option('--csv <file>', 'write every member to a CSV file')
    .action(async (sweepId: string, options: { state?: string; csv?: string }) => {
      const { client, output } = context();
      const query = options.state ? `&state=${encodeURIComponent(options.state)}` : '';
      if (options.csv) {
        writeFileSync(
          options.csv,
          await client.raw('GET', `/admin/sweeps/${encodeURIComponent(sweepId)}?format=csv${query}`),
        );
        return;
      }
      const view = await client.request(
        SweepView,
        'GET',
        `/admin/sweeps/${encodeURIComponent(sweepId)}?limit=200${query}`,
      );
      print(output, view, () =>
        [
          `${view.sweepId}: ${view.status} (${view.mode}${view.dryRun ? ', dry run' : ''}), idle since before ${view.inactiveSince}`,
          `seats in use ${view.seatsBefore ?? '?'} → ${view.seatsAfter ?? '…'}; ${Object.entries(view.counts)
            .filter(([, n]) => n > 0)
            .map(([s, n]) => `${n} ${s}`)
            .join(', ')}`,
          ...view.members.map(
            (m) =>
              `  ${m.state.padEnd(9)} ${(m.status ?? '-').padEnd(17)} ${m.memberId} ${m.email ?? ''}  ${m.reason}`,
          ),
          ...(view.nextCursor ? ['  … more: use --csv for every member'] : []),
        ].join('\n'),
      );
    });
  sweep
    .command('drop <sweepId> <memberIds...>')
    .description('Keep members out of a sweep awaiting approval (then approve it)')
    .action(async (sweepId: string, memberIds: string[]) => {
      const { client, output } = context();
      const answer = await client.request(
        Dropped,
        'POST',
        `/admin/sweeps/${encodeURIComponent(sweepId)}/drop`,
        {
          body: JSON.stringify({ memberIds }),
          contentType: 'application/json',
        },
      );
      print(
        output,
        answer,
        () =>
          `Dropped ${answer.dropped.length}${answer.notCandidates.length ? `; not candidates: ${answer.notCandidates.join(', ')}` : ''}`,
      );
    });
}
