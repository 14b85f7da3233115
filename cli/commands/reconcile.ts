import type { Command } from 'commander';
import { z } from 'zod';
import { HR_EXPORT_COLUMNS, parseHrExport } from '../../functions/core/reconciliation/parse-hr-export.ts';
import type { Context } from '../lanyard.ts';
import { print } from '../output.ts';
import { readCsvFile } from '../read-csv-file.ts';

const Started = z.object({ id: z.string() });
const Finding = z.object({
  findingId: z.string(),
  kind: z.string(),
  email: z.string().nullable(),
  memberId: z.string().nullable(),
  employeeId: z.string().nullable(),
  evidence: z.object({
    lanyardSays: z.string().nullable(),
    trelloSays: z.string().nullable(),
    idpSays: z.string().nullable(),
    hrSays: z.string().nullable().default(null),
    readAt: z.string(),
  }),
  fix: z.string(),
  state: z.string(),
  result: z.string().nullable(),
});
export const ReconciliationView = z.object({
  reconciliationId: z.string(),
  mode: z.string(),
  status: z.string(),
  summary: z.string().nullable(),
  counts: z.object({ byKind: z.record(z.string(), z.number()), byState: z.record(z.string(), z.number()) }),
  approval: z.object({ id: z.string(), status: z.string() }).nullable(),
  findings: z.array(Finding),
  nextCursor: z.string().nullable(),
});
const Dropped = z.object({ dropped: z.array(z.string()), notOpen: z.array(z.string()) });

const countsOf = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`)
    .join(', ');

/** `lanyard reconcile [start]|show|drop`: drift reconciliations over the admin API. */
export function reconcileCommand(program: Command, context: () => Context): void {
  const reconcile = program
    .command('reconcile')
    .description("Drift reconciliation: compare Lanyard's records with Trello and the identity provider");
  reconcile
    .command('start', { isDefault: true })
    .description(
      'Start a reconciliation now: report (default, changes nothing), approve (one approval for the fixes) or auto',
    )
    .option('--mode <mode>', 'report, approve or auto', 'report')
    .option(
      '--hr-export <file.csv>',
      `an HR export taken as HR's truth (columns ${HR_EXPORT_COLUMNS.join(', ')}; employeeId, email, status required)`,
    )
    .action(async (options: { mode: string; hrExport?: string }) => {
      const hrExport =
        options.hrExport === undefined ? undefined : readCsvFile(options.hrExport, parseHrExport).text;
      const { client, output } = context();
      const started = await client.request(Started, 'POST', '/admin/reconciliations', {
        body: JSON.stringify({ mode: options.mode, hrExport }),
        contentType: 'application/json',
      });
      print(
        output,
        started,
        () => `Reconciliation ${started.id} started: lanyard reconcile show ${started.id}`,
      );
    });
  reconcile
    .command('show <id>')
    .description('A reconciliation: its status, counts and findings with their evidence')
    .option('--state <state>', 'only findings in this state (open, no-fix, dropped, fixed, failed)')
    .action(async (id: string, options: { state?: string }) => {
      const { client, output } = context();
      const query = options.state ? `&state=${encodeURIComponent(options.state)}` : '';
      const view = await client.request(
        ReconciliationView,
        'GET',
        `/admin/reconciliations/${encodeURIComponent(id)}?limit=200${query}`,
      );
      print(output, view, () =>
        [
          `${view.reconciliationId}: ${view.status} (${view.mode})${view.summary ? ` — ${view.summary}` : ''}`,
          `findings: ${countsOf(view.counts.byKind) || 'none'}; ${countsOf(view.counts.byState)}`,
          ...(view.approval?.status === 'pending'
            ? [`awaiting approval ${view.approval.id}: lanyard approvals approve ${view.approval.id}`]
            : []),
          ...view.findings.flatMap((f) => [
            `  ${f.state.padEnd(7)} ${f.kind} ${f.email ?? f.memberId ?? ''} → fix: ${f.fix}${f.result ? ` (${f.result})` : ''}  [${f.findingId}]`,
            `          Lanyard: ${f.evidence.lanyardSays ?? '—'} | Trello: ${f.evidence.trelloSays ?? '—'} | IdP: ${f.evidence.idpSays ?? 'not asked'}${f.evidence.hrSays ? ` | HR: ${f.evidence.hrSays}` : ''} | read ${f.evidence.readAt}`,
          ]),
          ...(view.nextCursor ? ['  … more: use --json or the console'] : []),
        ].join('\n'),
      );
    });
  reconcile
    .command('drop <id> <findingIds...>')
    .description('Leave findings unfixed in a reconciliation awaiting approval (then approve the rest)')
    .action(async (id: string, findingIds: string[]) => {
      const { client, output } = context();
      const answer = await client.request(
        Dropped,
        'POST',
        `/admin/reconciliations/${encodeURIComponent(id)}/drop`,
        {
          body: JSON.stringify({ findingIds }),
          contentType: 'application/json',
        },
      );
      print(
        output,
        answer,
        () =>
          `Dropped ${answer.dropped.length}${answer.notOpen.length ? `; not open: ${answer.notOpen.join(', ')}` : ''}`,
      );
    });
}
