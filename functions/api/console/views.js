// One function per page of the console. Each reads the admin API and renders with dom.js; every
// decision is made by the API (who may approve, what is pending), the page only asks.
import { details, h, link, notice, show, status, table, when } from './dom.js';
import { api } from './session.js';

const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired'];
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

const enc = encodeURIComponent;
export const personLink = (employeeId) =>
  employeeId ? link(`#/people/${enc(employeeId)}`, employeeId) : '—';
export const runLink = (runId) => link(`#/runs/${enc(runId)}`, runId);

/** A list that pages with "Show more" until the API's cursor runs out (`field`: where the page keeps its rows). */
async function pagedTable(path, query, headings, toCells, emptyText, field = 'items') {
  const holder = h('div');
  const items = [];
  let cursor = null;
  const more = h('button', { type: 'button', class: 'more', onclick: () => load() }, 'Show more');
  async function load() {
    const params = new URLSearchParams(query);
    if (cursor) params.set('cursor', cursor);
    const page = await api(`${path}?${params}`);
    items.push(...page[field]);
    cursor = page.nextCursor;
    holder.replaceChildren(table(headings, items.map(toCells), emptyText), cursor ? more : '');
  }
  await load();
  return holder;
}

function filterForm(fields, onSubmit) {
  return h(
    'form',
    {
      class: 'inline',
      onsubmit: (event) => {
        event.preventDefault();
        onSubmit(new FormData(event.target));
      },
    },
    fields,
    h('button', { type: 'submit' }, 'Show'),
  );
}

function select(name, label, values, current, { any = false } = {}) {
  return h(
    'label',
    {},
    label,
    h(
      'select',
      { name },
      any ? h('option', { value: '' }, 'any') : null,
      values.map((v) => h('option', { value: v, selected: v === current }, v)),
    ),
  );
}

function navigate(base, form) {
  const params = new URLSearchParams();
  for (const [key, value] of form) if (value) params.set(key, String(value));
  const query = params.toString();
  location.hash = query ? `${base}?${query}` : base;
}

export async function approvalsPage(query) {
  const current = query.get('status') ?? 'pending';
  const list = await pagedTable(
    '/admin/approvals',
    { status: current },
    ['Approval', 'Subject', 'Asks', 'Created', 'Expires', 'Status'],
    (a) => [
      link(`#/approvals/${enc(a.id)}`, a.kind),
      a.subjectEmail ?? a.subjectEmployeeId ?? '—',
      a.question.split('\n')[0],
      when(a.createdAt),
      when(a.expiresAt),
      status(a.status),
    ],
    current === 'pending' ? 'Nothing is waiting for a decision.' : `No ${current} approvals.`,
  );
  show(
    h('h1', {}, 'Approvals'),
    filterForm(select('status', 'Status', APPROVAL_STATUSES, current), (form) =>
      navigate('#/approvals', form),
    ),
    list,
  );
}

export async function approvalPage(id) {
  const approval = await api(`/admin/approvals/${enc(id)}`);
  const comment = h('textarea', { id: 'decision-comment', name: 'comment', maxlength: 1000 });
  const decide = async (verb, button) => {
    for (const b of button.parentElement.querySelectorAll('button')) b.disabled = true;
    try {
      const decided = await api(`/admin/approvals/${enc(id)}/${verb}`, {
        method: 'POST',
        body: comment.value.trim() ? { comment: comment.value.trim() } : {},
      });
      notice(`${decided.status === 'approved' ? 'Approved' : 'Rejected'}: the workflow continues now.`);
    } catch (error) {
      notice(error.message, 'error');
    }
    await approvalPage(id);
  };
  const pending = approval.status === 'pending';
  show(
    h('h1', {}, `Approval: ${approval.kind}`),
    h('p', { class: 'question' }, approval.question),
    details([
      ['Status', status(approval.status)],
      ['Subject', approval.subjectEmail ?? approval.subjectEmployeeId],
      ['Person', personLink(approval.subjectEmployeeId)],
      ['Run', runLink(approval.runId)],
      ['Options', approval.options.join(', ') || '—'],
      ['Created', when(approval.createdAt)],
      ['Expires', when(approval.expiresAt)],
      ['Decided by', approval.decidedBy],
      ['Decided', when(approval.decidedAt)],
      ['Comment', approval.comment],
    ]),
    pending
      ? h(
          'section',
          { 'aria-label': 'Decision' },
          h('h2', {}, 'Decide'),
          h('label', { for: 'decision-comment' }, 'Comment (kept in the audit trail)'),
          comment,
          h(
            'p',
            {},
            h(
              'button',
              { type: 'button', class: 'approve', onclick: (e) => decide('approve', e.target) },
              'Approve',
            ),
            ' ',
            h(
              'button',
              { type: 'button', class: 'reject', onclick: (e) => decide('reject', e.target) },
              'Reject',
            ),
          ),
        )
      : null,
  );
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
      personLink(r.employeeId),
      status(r.status),
      r.outcome ?? '—',
      when(r.startedAt),
      when(r.finishedAt),
    ],
    'No runs match.',
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

/** Runs an admin may start again once the cause is fixed (the API says why when it refuses). */
const RETRYABLE = new Set(['failed', 'access-remains']);

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
          ' once the cause above is fixed: the same HR event runs again; nothing done already is done twice.',
        )
      : null,
    details([
      ['Kind', run.dryRun ? `${run.kind} (dry run: nothing was changed)` : run.kind],
      ['Status', status(run.status)],
      ['Outcome', run.outcome],
      ['Summary', run.summary],
      ['Person', personLink(run.employeeId)],
      ['HR event', run.eventId],
      ['Sweep', run.kind === 'sweep' ? link(`#/sweeps/${enc(run.executionName)}`, run.executionName) : null],
      ['Started', when(run.startedAt)],
      ['Finished', when(run.finishedAt)],
    ]),
    ...timeToCut(run.cuts),
    h('h2', {}, 'Steps'),
    table(
      ['Step', 'Result', 'Detail', 'At'],
      run.steps.map((s) => [s.step, status(s.result), s.detail, when(s.at)]),
      'No steps recorded yet.',
    ),
    ...(run.earlierAttempts ?? []).flatMap((attempt, i) => [
      h('h2', {}, `Earlier attempt ${i + 1}: ${attempt.endedAs}`),
      h(
        'p',
        {},
        `Execution ${attempt.executionName}, replaced by ${attempt.by} at `,
        when(attempt.supersededAt),
        '.',
      ),
      table(
        ['Step', 'Result', 'Detail', 'At'],
        attempt.steps.map((s) => [s.step, status(s.result), s.detail, when(s.at)]),
        'It recorded no steps.',
      ),
    ]),
    h('h2', {}, 'Audit'),
    table(
      ['At', 'Actor', 'Action', 'Target', 'Result', 'Detail'],
      audit.map((a) => [when(a.at), a.actor, a.action, a.target, status(a.result), a.detail]),
      'No audit entries for this run.',
    ),
  );
}

const CUT_LABELS = { idp: 'Identity provider sign-in', trello: 'Trello seat' };

function seconds(n) {
  if (n < 120) return `${n} s`;
  return n < 7200 ? `${Math.round(n / 60)} min` : `${(n / 3600).toFixed(1)} h`;
}

/** An offboarding's access cuts: when each was due, when it was read back, against the SLO. */
function timeToCut(cuts) {
  const entries = Object.entries(cuts ?? {});
  if (entries.length === 0) return [];
  const [, first] = entries[0];
  const rows = entries.map(([name, cut]) => {
    const tries = cut.attempts > 0 ? `${cut.attempts} failed ${cut.attempts === 1 ? 'try' : 'tries'}` : '';
    const result =
      cut.state === 'trying'
        ? `Still trying (${tries}; last: ${cut.lastError ?? 'unknown'})`
        : `${cut.state === 'done' ? 'Read back' : cut.state === 'refused' ? 'Refused' : 'Gave up'} after ${seconds(cut.seconds ?? 0)}${tries ? ` (${tries} first)` : ''}`;
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
      `); each cut must be read back within ${seconds(first.sloSeconds)}.`,
    ),
    table(['Access', 'State', 'Result', 'SLO'], rows, 'No cut has started yet.'),
  ];
}

export async function personPage(employeeId) {
  const { profile, events, runs } = await api(`/admin/people/${enc(employeeId)}`);
  show(
    h('h1', {}, `${profile.fullName} (${profile.employeeId})`),
    details([
      ['Email', profile.email],
      ['Lifecycle', status(profile.lifecycle)],
      ['Department', profile.department],
      ['Manager', profile.managerEmail],
      ['Trello member', profile.trelloMemberId],
      ['On leave', profile.onLeave ? 'yes' : 'no'],
      ['Current run', profile.currentRunId ? runLink(profile.currentRunId) : null],
      ['Updated', when(profile.updatedAt)],
    ]),
    h('h2', {}, 'HR events (HR order)'),
    table(
      ['Event', 'Type', 'Effective', 'Occurred', 'Applied'],
      events.map((e) => [
        e.id,
        e.type,
        when(e.effectiveAt),
        when(e.occurredAt),
        e.stale ? 'no: stale' : 'yes',
      ]),
      'No events recorded.',
    ),
    h('h2', {}, 'Runs'),
    table(
      ['Run', 'Kind', 'Status', 'Outcome', 'Started'],
      runs.map((r) => [runLink(r.runId), r.kind, status(r.status), r.outcome ?? '—', when(r.startedAt)]),
      'No runs for this person.',
    ),
  );
}

export async function seatsPage() {
  const seats = await api('/admin/seats');
  show(
    h('h1', {}, 'License seats'),
    details([
      ['Purchased', seats.total ?? 'not reported by Trello'],
      ['In use', seats.used],
      ['Available', seats.available ?? '—'],
      ['Queued hires', seats.queued.length],
      ['Hires not started yet', seats.upcoming.length],
      ['Available once they start', seats.forecastAvailable ?? '—'],
      ['Read from Trello', when(seats.checkedAt)],
    ]),
    h('h2', {}, 'Waiting for a seat (HR order)'),
    table(
      ['Person', 'Email', 'Starts', 'Approval'],
      seats.queued.map((q) => [
        personLink(q.employeeId),
        q.email ?? '—',
        when(q.effectiveAt),
        link(`#/approvals/${enc(q.approvalId)}`, 'open'),
      ]),
      'Nobody is waiting for a seat.',
    ),
    h('h2', {}, 'Seats in use, last 30 days'),
    table(
      ['Day', 'In use', 'Purchased'],
      seats.trend.map((r) => [r.day, r.used, r.total ?? '—']),
      'No readings yet.',
    ),
  );
}

export async function inboxPage() {
  const list = await pagedTable(
    '/admin/notifications',
    {},
    ['When', 'What', 'Details', 'Open'],
    (n) => [
      when(n.at),
      n.title,
      n.body,
      n.approvalId ? link(`#/approvals/${enc(n.approvalId)}`, 'approval') : n.runId ? runLink(n.runId) : '—',
    ],
    'No notifications yet.',
  );
  show(h('h1', {}, 'Inbox'), list);
}

export async function auditPage(query) {
  const since = query.get('since') ?? new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const list = await pagedTable(
    '/admin/audit',
    { since },
    ['At', 'Actor', 'Action', 'Target', 'Result', 'Run', 'Detail', 'Chain'],
    (a) => [
      when(a.at),
      a.actor,
      a.action,
      a.target,
      a.attempt > 1 ? h('span', {}, status(a.result), ` (attempt ${a.attempt})`) : status(a.result),
      a.runId ? runLink(a.runId) : '—',
      a.detail,
      // The day's chain: place and the start of the entry's hash (the full one is in the exports).
      h('code', { title: a.hash }, `${a.at.slice(0, 10)} #${a.seq} ${a.hash.slice(0, 8)}`),
    ],
    'No audit entries since then.',
  );
  const verdict = h('p', { class: 'verdict' });
  const verify = async () => {
    verdict.textContent = 'Checking the hash chains…';
    const result = await api(`/admin/audit/verify?${new URLSearchParams({ since })}`);
    const broken = result.firstBroken;
    const entries = result.checked === 1 ? '1 entry' : `${result.checked} entries`;
    verdict.textContent = broken
      ? `Broken: entry ${broken.day} #${broken.seq}${broken.id ? ` (${broken.id})` : ''} was ${broken.problem}; ${entries} before it checked out.`
      : `Intact: ${entries} since ${since} checked against their hash chains.`;
    notice(verdict.textContent, broken ? 'error' : 'info');
  };
  const download = (blob, name) => {
    const url = URL.createObjectURL(blob);
    const anchor = h('a', { href: url, download: name });
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const exportCsv = async () => {
    const response = await api(`/admin/audit?${new URLSearchParams({ since, format: 'csv' })}`, {
      raw: true,
    });
    download(await response.blob(), `lanyard-audit-since-${since}.csv`);
  };
  const exportJson = async () => {
    const entries = [];
    let cursor = null;
    do {
      const params = new URLSearchParams({ since, limit: '200' });
      if (cursor) params.set('cursor', cursor);
      const page = await api(`/admin/audit?${params}`);
      entries.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    download(
      new Blob([JSON.stringify(entries, null, 2)], { type: 'application/json' }),
      `lanyard-audit-since-${since}.json`,
    );
  };
  show(
    h('h1', {}, 'Audit trail'),
    filterForm(
      h('label', {}, 'Since', h('input', { type: 'date', name: 'since', value: since, required: true })),
      (form) => navigate('#/audit', form),
    ),
    h(
      'p',
      {},
      h('button', { type: 'button', onclick: exportCsv }, 'Export CSV'),
      ' ',
      h('button', { type: 'button', onclick: exportJson }, 'Export JSON'),
      ' ',
      h('button', { type: 'button', onclick: verify }, 'Verify chain'),
    ),
    verdict,
    list,
  );
}

const SWEEP_STATES = ['candidate', 'exempt', 'dropped', 'kept', 'reclaimed', 'skipped', 'failed'];

export async function sweepPage(sweepId, query) {
  const state = query.get('state') ?? '';
  const sweep = await api(`/admin/sweeps/${enc(sweepId)}?limit=1`);
  const awaiting = sweep.status === 'awaiting-approval';
  const chosen = new Set();
  const list = await pagedTable(
    `/admin/sweeps/${enc(sweepId)}`,
    state ? { state } : {},
    ['', 'Member', 'Email', 'Last active', 'State', 'Why'],
    (m) => [
      awaiting && m.state === 'candidate'
        ? h('input', {
            type: 'checkbox',
            'aria-label': `Keep ${m.email ?? m.memberId}`,
            onchange: (e) => (e.target.checked ? chosen.add(m.memberId) : chosen.delete(m.memberId)),
          })
        : '',
      m.fullName,
      m.email ?? '—',
      when(m.lastActiveAt),
      status(m.state),
      m.reason,
    ],
    'No members in this sweep.',
    'members',
  );
  const keep = async () => {
    if (chosen.size === 0) return notice('Tick the people to keep first.', 'error');
    try {
      const answer = await api(`/admin/sweeps/${enc(sweepId)}/drop`, {
        method: 'POST',
        body: { memberIds: [...chosen] },
      });
      notice(`Kept ${answer.dropped.length}; approve the sweep's approval to reclaim the rest.`);
    } catch (error) {
      notice(error.message, 'error');
    }
    await sweepPage(sweepId, query);
  };
  show(
    h('h1', {}, `Sweep ${sweep.sweepId}`),
    details([
      ['Status', status(sweep.status)],
      ['Mode', sweep.dryRun ? `${sweep.mode} (dry run)` : sweep.mode],
      ['Idle since before', sweep.inactiveSince],
      ['Requested by', sweep.requestedBy],
      ['Seats in use', `${sweep.seatsBefore ?? '?'} → ${sweep.seatsAfter ?? '…'}`],
      [
        'Counts',
        SWEEP_STATES.filter((s) => sweep.counts[s])
          .map((s) => `${sweep.counts[s]} ${s}`)
          .join(', ') || 'none',
      ],
      ['Run', runLink(`sweep:${sweep.sweepId}`)],
    ]),
    filterForm(select('state', 'State', SWEEP_STATES, state, { any: true }), (form) =>
      navigate(`#/sweeps/${enc(sweepId)}`, form),
    ),
    awaiting ? h('p', {}, h('button', { type: 'button', onclick: keep }, 'Keep the ticked people')) : null,
    list,
  );
}
