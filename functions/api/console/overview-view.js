// The overview, the page after sign-in: what waits for an admin and how things stand, from one
// request (GET /admin/overview). Each panel links to the page with the detail.
import { barChart, seatTrendChart } from './chart.js';
import { h, severityOf, show, status, table, when } from './dom.js';
import { figure, legend } from './seats-view.js';
import { api } from './session.js';
import { readable } from './text.js';
import { duration, enc, personLink } from './ui.js';

const CUT_NAMES = { trello: 'Trello', idp: 'Sign-in' };

export async function overviewPage() {
  const o = await api('/admin/overview');
  show(
    h('h1', {}, 'Overview'),
    h(
      'div',
      { class: 'panels' },
      seatsPanel(o.seats),
      approvalsPanel(o.approvals),
      quarantinePanel(o.quarantine),
      runsPanel(o.runs),
      timeToCutPanel(o.timeToCut),
      sweepPanel(o.lastSweep),
    ),
  );
}

function panel(id, title, href, ...content) {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': id },
    h('h2', { id }, h('a', { href }, title)),
    ...content,
  );
}

function seatsPanel(seats) {
  return panel(
    'ov-seats',
    'Seats',
    '#/seats',
    h(
      'div',
      { class: 'figures' },
      figure('Purchased', seats.total ?? '—'),
      figure('In use', seats.used),
      figure('Available', seats.available ?? '—'),
      figure('Queued', seats.queued),
    ),
    h('figure', { class: 'chart-box' }, seatTrendChart(seats.trend), legend()),
    seats.forecastAvailable !== null && seats.forecastAvailable < 0
      ? h(
          'p',
          { class: 'severity-warn' },
          `${-seats.forecastAvailable} seat(s) short once the upcoming hires start.`,
        )
      : null,
  );
}

function approvalsPanel(approvals) {
  const more = approvals.complete ? '' : '+';
  return panel(
    'ov-approvals',
    'Approvals waiting',
    '#/approvals',
    h('p', { class: 'lead' }, `${approvals.waiting}${more} waiting, oldest first`),
    table(
      ['Waiting', 'Asks'],
      approvals.oldest.map((a) => [
        duration(a.ageSeconds),
        h(
          'div',
          {},
          h('a', { href: `#/approvals/${enc(a.id)}` }, shortened(readable(a.title), 90)),
          h(
            'div',
            { class: 'muted' },
            a.subjectName
              ? `${a.subjectName} · ${a.subjectEmail ?? a.subjectEmployeeId}`
              : (a.subjectEmail ?? a.kind),
          ),
        ),
      ]),
      'Nothing is waiting for a decision.',
      { label: 'Approvals waiting, oldest first' },
    ),
  );
}

function quarantinePanel(quarantine) {
  return panel(
    'ov-quarantine',
    'Quarantine',
    '#/quarantine',
    quarantine.guard === 'off'
      ? h('p', {}, 'The mass-change guard is off.')
      : quarantine.held > 0
        ? h(
            'p',
            { class: 'severity-warn lead' },
            `${quarantine.held} termination(s) held since `,
            when(quarantine.openedAt),
            ': release or discard them.',
          )
        : h('p', {}, 'The mass-change guard holds nothing.'),
  );
}

function runsPanel(runs) {
  const byStatus = new Map();
  for (const c of runs.counts) {
    const row = byStatus.get(c.status) ?? { onboarding: 0, offboarding: 0, sweep: 0 };
    row[c.kind] += c.count;
    byStatus.set(c.status, row);
  }
  const rows = [...byStatus].map(([s, kinds]) => ({
    status: s,
    ...kinds,
    total: kinds.onboarding + kinds.offboarding + kinds.sweep,
  }));
  const more = runs.complete ? '' : ' (the busiest statuses count their latest 2,000)';
  return panel(
    'ov-runs',
    'Runs, last 7 days',
    '#/runs',
    rows.length === 0
      ? h('p', { class: 'empty' }, 'No runs started this week.')
      : [
          barChart(
            rows.map((r) => ({ label: r.status, value: r.total, severity: severityOf(r.status) })),
            {
              description: `Runs started in the last 7 days by status: ${rows.map((r) => `${r.total} ${r.status}`).join(', ')}.`,
            },
          ),
          table(
            ['Status', 'Runs', 'Of which'],
            rows.map((r) => [
              h('a', { href: `#/runs?status=${enc(r.status)}` }, status(r.status)),
              r.total,
              ['onboarding', 'offboarding', 'sweep']
                .filter((kind) => r[kind] > 0)
                .map((kind) => `${r[kind]} ${kind}`)
                .join(', '),
            ]),
            '',
            { label: 'Runs by status and kind' },
          ),
          more ? h('p', { class: 'muted' }, more) : null,
        ],
  );
}

function timeToCutPanel(rows) {
  const cell = (cuts, name) => {
    const cut = cuts.find((c) => c.cut === name);
    if (!cut) return '—';
    const text = `${duration(cut.seconds)}${cut.state === 'trying' ? ' so far' : ''}`;
    return h(
      'span',
      {
        class: `severity-${cut.pastSlo || cut.state === 'refused' || cut.state === 'gave-up' ? 'bad' : cut.state === 'trying' ? 'warn' : 'good'}`,
      },
      text,
      cut.state === 'done' ? '' : ` (${cut.state})`,
      cut.pastSlo ? ` — past the ${duration(cut.sloSeconds)} SLO` : '',
    );
  };
  return panel(
    'ov-cuts',
    'Time to cut',
    '#/runs?status=succeeded',
    table(
      ['Leaver', 'Trello', 'Sign-in', 'Run'],
      rows.map((r) => [
        personLink(r.employeeId, r.person),
        cell(r.cuts, 'trello'),
        cell(r.cuts, 'idp'),
        h('a', { href: `#/runs/${enc(r.runId)}` }, status(r.status)),
      ]),
      'No offboarding this week.',
      { label: `Time to cut of the latest offboardings (${Object.values(CUT_NAMES).join(', ')})` },
    ),
  );
}

function sweepPanel(sweep) {
  if (!sweep) return panel('ov-sweep', 'Last sweep', '#/sweeps', h('p', { class: 'empty' }, 'No sweep yet.'));
  const counts = Object.entries(sweep.counts).filter(([, n]) => n > 0);
  const idle = counts.reduce((sum, [, n]) => sum + n, 0);
  return panel(
    'ov-sweep',
    'Last sweep',
    '#/sweeps',
    h(
      'p',
      { class: 'lead' },
      `${idle} idle seat(s) found by `,
      h('a', { href: `#/sweeps/${enc(sweep.sweepId)}` }, sweep.sweepId),
      ` (${sweep.mode}${sweep.dryRun ? ', dry run' : ''}), started `,
      when(sweep.startedAt),
      '.',
    ),
    h(
      'p',
      {},
      'Status ',
      status(sweep.status),
      counts.length ? `: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}` : '',
    ),
  );
}

/** The start of a long text, cut at a word: the whole of it is one click away. */
function shortened(text, length) {
  if (text.length <= length) return text;
  return `${text.slice(0, text.lastIndexOf(' ', length)).replace(/[,;:]$/, '')}…`;
}
