// The runs: the list by status or person, and one run — its summary as effects and gaps, its
// access cuts against the time-to-cut SLO, its steps, earlier attempts and audit entries.
import { details, h, link, notice, show, status, table, when } from './dom.js';
import { api } from './session.js';
import { readable, summaryList } from './text.js';
import { duration, enc, filterForm, navigate, pagedTable, personLink, runLink, select } from './ui.js';

const RUN_STATUSES = [
  'running',
  'waiting-approval',
  'succeeded',
  'succeeded-with-gaps',
  'not-provisioned',
  'failed',
  'access-remains',
  'superseded',
  'skipped',
];

/** Runs an admin may start again once the cause is fixed (the API says why when it refuses). */
const RETRYABLE = new Set(['failed', 'access-remains']);

/** The outcome coloured like a status (`offboarded-with-gaps` is not a success to wave through). */
function outcome(text) {
  return text ? status(readable(text)) : '—';
}

export async function runsPage(query) {
  const filter = { status: query.get('status') ?? '', employeeId: query.get('employeeId') ?? '' };
  const list = await pagedTable(
    '/admin/runs',
    Object.fromEntries(Object.entries(filter).filter(([, v]) => v)),
    ['Run', 'Kind', 'Person', 'Status', 'Outcome', 'Started', 'Finished'],
    (r) => [
      runLink(r.runId),
      r.dryRun ? `${r.kind} (dry run)` : r.kind,
      personLink(r.employeeId, r.person ?? null),
      status(r.status),
      outcome(r.outcome),
      when(r.startedAt),
      when(r.finishedAt),
    ],
    'No runs match.',
    { label: 'Runs' },
  );
  show(
    h('h1', {}, 'Runs'),
    filterForm(
      [
        select('status', 'Status', RUN_STATUSES, filter.status, { any: true }),
        h('label', {}, 'Employee id', h('input', { name: 'employeeId', value: filter.employeeId })),
      ],
      (form) => navigate('#/runs', form),
    ),
    list,
  );
}

export async function runPage(runId) {
  const { run, audit } = await api(`/admin/runs/${enc(runId)}`);
  const retry = async (button) => {
    button.disabled = true;
    try {
      await api(`/admin/runs/${enc(run.runId)}/retry`, { method: 'POST' });
      notice('Started again: the failed attempt stays below as an earlier attempt.');
    } catch (error) {
      notice(error.message, 'error');
    }
    await runPage(runId);
  };
  show(
    h('h1', {}, `Run ${run.runId}`),
    RETRYABLE.has(run.status) && run.kind !== 'sweep' && !run.dryRun
      ? h(
          'p',
          {},
          h('button', { type: 'button', onclick: (e) => retry(e.target) }, 'Retry this run'),
          ' once the cause below is fixed: the same HR event runs again; nothing done already is done twice.',
        )
      : null,
    details([
      ['Kind', run.dryRun ? `${run.kind} (dry run: nothing was changed)` : run.kind],
      ['Person', personLink(run.employeeId, run.person ?? null)],
      ['Status', status(run.status)],
      ['Outcome', outcome(run.outcome)],
      ['HR event', run.eventId],
      ['Sweep', run.kind === 'sweep' ? link(`#/sweeps/${enc(run.executionName)}`, run.executionName) : null],
      [
        'Reconciliation',
        run.kind === 'reconciliation'
          ? link(`#/reconciliations/${enc(run.executionName)}`, run.executionName)
          : null,
      ],
      ['Started', when(run.startedAt)],
      ['Finished', when(run.finishedAt)],
    ]),
    h('h2', {}, 'Summary'),
    run.summary
      ? summaryList(run.summary, { failed: run.status === 'failed' })
      : h('p', { class: 'empty' }, 'Not finished yet.'),
    ...timeToCut(run.cuts),
    h('h2', {}, 'Steps'),
    stepsTable(run.steps, 'No steps recorded yet.'),
    ...(run.earlierAttempts ?? []).flatMap((attempt, i) => [
      h('h2', {}, `Earlier attempt ${i + 1}: ${readable(attempt.endedAs)}`),
      h(
        'p',
        {},
        `Execution ${attempt.executionName}, replaced by ${attempt.by} at `,
        when(attempt.supersededAt),
        '.',
      ),
      stepsTable(attempt.steps, 'It recorded no steps.'),
    ]),
    h('h2', {}, 'Audit'),
    table(
      ['At', 'Actor', 'Action', 'Target', 'Result', 'Detail'],
      audit.map((a) => [when(a.at), a.actor, a.action, a.target, status(a.result), readable(a.detail)]),
      'No audit entries for this run.',
      { label: 'Audit entries of this run' },
    ),
  );
}

function stepsTable(steps, emptyText) {
  return table(
    ['Step', 'Result', 'Detail', 'At'],
    steps.map((s) => [s.step, status(s.result), readable(s.detail), when(s.at)]),
    emptyText,
    { label: 'Steps' },
  );
}

const CUT_LABELS = { idp: 'Identity provider sign-in', trello: 'Trello seat' };

/** An offboarding's access cuts: when each was due, when it was read back, against the SLO. */
function timeToCut(cuts) {
  const entries = Object.entries(cuts ?? {});
  if (entries.length === 0) return [];
  const [, first] = entries[0];
  const rows = entries.map(([name, cut]) => {
    const tries = cut.attempts > 0 ? `${cut.attempts} failed ${cut.attempts === 1 ? 'try' : 'tries'}` : '';
    const result =
      cut.state === 'trying'
        ? `Still trying (${tries}; last: ${readable(cut.lastError) ?? 'unknown'})`
        : `${cut.state === 'done' ? 'Read back' : cut.state === 'refused' ? 'Refused' : 'Gave up'} after ${duration(cut.seconds ?? 0)}${tries ? ` (${tries} first)` : ''}`;
    return [
      CUT_LABELS[name] ?? name,
      status(cut.state),
      result,
      cut.lateNotifiedAt
        ? h('span', {}, 'Past the SLO — admins told ', when(cut.lateNotifiedAt))
        : 'Within the SLO',
    ];
  });
  return [
    h('h2', {}, 'Time to cut'),
    h(
      'p',
      {},
      'Due ',
      when(first.dueAt),
      ' (effective ',
      when(first.effectiveAt),
      `); each cut must be read back within ${duration(first.sloSeconds)}.`,
    ),
    table(['Access', 'State', 'Result', 'SLO'], rows, 'No cut has started yet.', { label: 'Access cuts' }),
  ];
}
