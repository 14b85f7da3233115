import type { Command } from 'commander';
import { z } from 'zod';
import { page, Run } from '../../functions/api/admin/admin-schemas.ts';
import { employeeIdOf, findPerson } from '../find-person.ts';
import { findRun } from '../find-run.ts';
import type { Context } from '../lanyard.ts';
import { print, table } from '../output.ts';

export function runsCommand(program: Command, context: () => Context): void {
  const runs = program.command('runs').description('Workflow runs (onboarding, offboarding, sweeps)');
  runs
    .command('list')
    .description('List runs, newest first')
    .option(
      '--status <status>',
      'running, waiting-approval, succeeded, succeeded-with-gaps, not-provisioned, failed, access-remains, superseded or skipped',
    )
    .option('--person <employeeId or email>', "one person's runs")
    .option('--limit <n>', 'how many', '50')
    .action(async (options: { status?: string; person?: string; limit: string }) => {
      const { client, output } = context();
      const query = new URLSearchParams({ limit: options.limit });
      if (options.status) query.set('status', options.status);
      if (options.person) query.set('employeeId', await employeeIdOf(client, options.person));
      const result = await client.request(page(Run, 'RunPage'), 'GET', `/admin/runs?${query}`);
      print(output, result, () =>
        table(
          result.items.map((r) => ({
            run: r.runId,
            kind: r.kind,
            person: r.person ? `${r.person.fullName} (${r.employeeId})` : r.employeeId,
            status: r.status,
            outcome: r.outcome,
            started: r.startedAt,
          })),
          ['run', 'kind', 'person', 'status', 'outcome', 'started'],
        ),
      );
    });
  runs
    .command('show <runId>')
    .description(
      "A run's steps and the audit entries it wrote; give its run id or the id of the HR event that started it",
    )
    .action(async (runId: string) => {
      const { client, output } = context();
      const detail = await findRun(client, runId);
      const { run, audit } = detail;
      print(output, detail, () =>
        [
          `${run.runId} (${run.kind}${run.dryRun ? ', dry run' : ''}${whose(run)}): ${run.status}${run.outcome ? ` — ${run.outcome}` : ''}`,
          run.summary ?? '',
          ...timeToCut(run),
          '',
          table(
            run.steps.map((s) => ({ at: s.at, step: s.step, result: s.result, detail: s.detail })),
            ['at', 'step', 'result', 'detail'],
          ),
          ...(run.earlierAttempts ?? []).flatMap((attempt, i) => [
            '',
            `Earlier attempt ${i + 1} (${attempt.executionName}): ${attempt.endedAs}; replaced by ${attempt.by} at ${attempt.supersededAt}`,
            table(
              attempt.steps.map((s) => ({ at: s.at, step: s.step, result: s.result, detail: s.detail })),
              ['at', 'step', 'result', 'detail'],
            ),
          ]),
          '',
          table(
            audit.map((a) => ({
              at: a.at,
              actor: a.actor,
              action: a.action,
              target: a.target,
              result: a.result,
            })),
            ['at', 'actor', 'action', 'target', 'result'],
          ),
        ].join('\n'),
      );
    });

  runs
    .command('retry <runId>')
    .description('Start a failed onboarding or offboarding again once the cause is fixed')
    .action(async (runId: string) => {
      const { client, output } = context();
      const started = await client.request(
        z.object({ runId: z.string(), executionName: z.string() }),
        'POST',
        `/admin/runs/${encodeURIComponent(runId)}/retry`,
      );
      print(
        output,
        started,
        () =>
          `Started ${started.runId} again as ${started.executionName}: follow it with \`lanyard runs show ${started.runId}\``,
      );
    });

  program
    .command('person')
    .description('People Lanyard knows')
    .command('show <who>')
    .description("A person's profile, HR event history and runs; give their employee id, email or name")
    .action(async (who: string) => {
      const { client, output } = context();
      const person = await findPerson(client, who);
      const p = person.profile;
      print(output, person, () =>
        [
          `${p.fullName} <${p.email}> (${p.employeeId}): ${p.lifecycle}${p.onLeave ? ', on leave' : ''}`,
          `department ${p.department ?? '-'}, manager ${p.managerEmail ?? '-'}, Trello member ${p.trelloMemberId ?? '-'}`,
          '',
          table(
            person.events.map((e) => ({
              effective: e.effectiveAt,
              type: e.type,
              id: e.id,
              stale: e.stale ? 'stale, not applied' : '',
            })),
            ['effective', 'type', 'id', 'stale'],
          ),
          '',
          table(
            person.runs.map((r) => ({ run: r.runId, kind: r.kind, status: r.status, outcome: r.outcome })),
            ['run', 'kind', 'status', 'outcome'],
          ),
        ].join('\n'),
      );
    });
}

/** Whom a run is about, by name when the API knows it. */
function whose(run: z.infer<typeof Run>): string {
  if (run.person) return ` of ${run.person.fullName} <${run.person.email}>, ${run.employeeId}`;
  return run.employeeId ? ` of ${run.employeeId}` : '';
}

type Cut = NonNullable<NonNullable<z.infer<typeof Run>['cuts']>['idp']>;
const CUT_LABELS = { idp: 'IdP sign-in', trello: 'Trello seat' } as const;

/** The access cuts of an offboarding and their time to cut against the SLO (nothing for other runs). */
function timeToCut(run: z.infer<typeof Run>): string[] {
  const cuts = Object.entries(run.cuts ?? {}) as Array<[keyof typeof CUT_LABELS, Cut]>;
  const first = cuts[0]?.[1];
  if (!first) return [];
  const lines = cuts.map(([name, cut]) => {
    const late = cut.lateNotifiedAt ? ` — LATE (past the SLO; admins told ${cut.lateNotifiedAt})` : '';
    const state =
      cut.state === 'trying'
        ? `still trying: ${cut.attempts} failed ${cut.attempts === 1 ? 'try' : 'tries'}, last ${cut.lastError ?? '?'}`
        : `${cut.state === 'done' ? 'read back' : cut.state} after ${duration(cut.seconds ?? 0)}${cut.attempts > 0 ? ` (${cut.attempts} failed ${cut.attempts === 1 ? 'try' : 'tries'} first)` : ''}`;
    return `  ${CUT_LABELS[name].padEnd(12)} ${state}${late}`;
  });
  return [
    '',
    `Time to cut (due ${first.dueAt}, effective ${first.effectiveAt}, SLO ${duration(first.sloSeconds)}):`,
    ...lines,
  ];
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
