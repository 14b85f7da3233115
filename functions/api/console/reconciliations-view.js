// Drift reconciliations: the list, starting one, and one reconciliation — its findings with the
// evidence of each side, and the fixes' approval decided on the same page after ticking the
// fixes to leave alone.
import { details, h, notice, show, status, when } from './dom.js';
import { api } from './session.js';
import { readable } from './text.js';
import {
  approvalState,
  decisionButtons,
  enc,
  filterForm,
  navigate,
  pagedTable,
  runLink,
  select,
  stillMoving,
} from './ui.js';

/** A reconciliation's run id (core/reconciliation/reconciliation-deps.ts reconciliationRunId). */
const reconciliationRunId = (id) => `reconciliation:${id}`;
const MOVING = new Set(['reading', 'fixing']);
const FINDING_STATES = ['open', 'no-fix', 'dropped', 'fixed', 'failed'];
const FIXES = {
  offboard: 'start an offboarding',
  onboard: 'start an onboarding',
  reclaim: 'reclaim the seat',
  none: 'none: a person must look',
};
const MODES = [
  ['report', 'Report: record the findings, change nothing'],
  ['approve', 'Approve: apply the suggested fixes after one approval'],
  ['auto', 'Auto: apply them at once (the mass-change guard may hold them)'],
];
const countsOf = (counts) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`)
    .join(', ') || 'none';

export async function reconciliationsPage() {
  const list = await pagedTable(
    '/admin/reconciliations',
    {},
    ['Reconciliation', 'Mode', 'Status', 'Started', 'Requested by', 'Outcome'],
    (r) => [
      h('a', { href: `#/reconciliations/${enc(r.reconciliationId)}` }, r.reconciliationId),
      r.mode,
      status(r.status),
      when(r.startedAt),
      r.requestedBy,
      r.summary ? readable(r.summary) : '—',
    ],
    'No reconciliations yet.',
    { label: 'Reconciliations' },
  );
  const mode = h(
    'select',
    { id: 'reconciliation-mode', name: 'mode' },
    MODES.map(([value, text]) => h('option', { value }, text)),
  );
  const hrExport = h('input', {
    id: 'reconciliation-hr-export',
    type: 'file',
    accept: '.csv,text/csv',
    'aria-describedby': 'hr-export-help',
  });
  const problems = h('div', { id: 'hr-export-problems' });
  const start = async (event) => {
    event.preventDefault();
    const button = event.target.querySelector('button');
    button.disabled = true;
    problems.replaceChildren();
    try {
      const [file] = hrExport.files;
      const body = { mode: mode.value, ...(file ? { hrExport: await file.text() } : {}) };
      const { id } = await api('/admin/reconciliations', { method: 'POST', body });
      // Begin Reconciliation writes the record a moment after the API answers.
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const { items } = await api('/admin/reconciliations?limit=5');
        if (items.some((r) => r.reconciliationId === id)) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      location.hash = `#/reconciliations/${enc(id)}`;
    } catch (error) {
      problems.replaceChildren(...badRows(error.rows));
      notice(error.message, 'error');
      button.disabled = false;
    }
  };
  show(
    h('h1', {}, 'Drift reconciliations'),
    h(
      'p',
      {},
      "Lanyard's people records compared with Trello and the identity provider: leavers still in Trello or able to sign in, deactivated members whose sign-in works, hires without a seat, licensed members HR does not know, deactivated members holding a seat.",
    ),
    h('h2', {}, 'Start a reconciliation'),
    h(
      'form',
      { class: 'inline', onsubmit: start, 'aria-label': 'Start a reconciliation' },
      h('label', { for: 'reconciliation-mode' }, 'Mode', mode),
      h('label', { for: 'reconciliation-hr-export' }, 'HR export (optional)', hrExport),
      h('button', { type: 'submit' }, 'Start reconciliation'),
    ),
    h(
      'p',
      { class: 'muted', id: 'hr-export-help' },
      "An HR export is a CSV with a header row: employeeId, email, status (active, on-leave or terminated), and optionally terminationDate, hireDate (YYYY-MM-DD), fullName, department. With one, HR's word is the truth too: a leaver per HR still in Trello or able to sign in, a hire per HR without a seat, a licensed member HR does not list.",
    ),
    problems,
    h('h2', {}, 'Reconciliations, newest first'),
    list,
  );
}

export async function reconciliationPage(id, query) {
  const state = query.get('state') ?? '';
  const r = await api(`/admin/reconciliations/${enc(id)}?limit=1`);
  const approval = r.approval;
  const deciding = r.status === 'awaiting-approval' && approval?.status === 'pending';
  const chosen = new Set();
  const list = await pagedTable(
    `/admin/reconciliations/${enc(id)}`,
    state ? { state } : {},
    [
      '',
      'Finding',
      'Who',
      'Suggested fix',
      'State',
      "Lanyard's record",
      'Trello',
      'Identity provider',
      'HR export',
      'Read at',
    ],
    (f) => [
      deciding && f.state === 'open'
        ? h('input', {
            type: 'checkbox',
            'aria-label': `Leave ${f.findingId} alone`,
            onchange: (e) => (e.target.checked ? chosen.add(f.findingId) : chosen.delete(f.findingId)),
          })
        : '',
      f.kind,
      f.email ?? f.memberId ?? '—',
      FIXES[f.fix] ?? f.fix,
      h('span', {}, status(f.state), f.result ? ` — ${readable(f.result)}` : ''),
      f.evidence.lanyardSays ?? '—',
      f.evidence.trelloSays ?? '—',
      f.evidence.idpSays ?? 'not asked',
      f.evidence.hrSays ?? '—',
      when(f.evidence.readAt),
    ],
    'No findings: the records, Trello and the identity provider agree.',
    { field: 'findings', label: 'Findings of this reconciliation' },
  );
  const comment = h('textarea', { id: 'reconciliation-comment', name: 'comment', maxlength: 1000 });
  const decide = async (verb, button) => {
    for (const b of button.parentElement.querySelectorAll('button')) b.disabled = true;
    try {
      if (verb === 'approve' && chosen.size > 0)
        await api(`/admin/reconciliations/${enc(id)}/drop`, {
          method: 'POST',
          body: { findingIds: [...chosen] },
        });
      const body = comment.value.trim() ? { comment: comment.value.trim() } : {};
      await api(`/admin/approvals/${enc(approval.id)}/${verb}`, { method: 'POST', body });
      notice(
        verb === 'approve'
          ? 'Approved: the remaining fixes are applied now.'
          : 'Rejected: nothing is changed.',
      );
    } catch (error) {
      notice(error.message, 'error');
    }
    await reconciliationPage(id, query);
  };
  show(
    h('h1', {}, `Reconciliation ${r.reconciliationId}`),
    details([
      ['Status', status(r.status)],
      ['Mode', r.mode],
      ['Requested by', r.requestedBy],
      ['Started', when(r.startedAt)],
      ['Findings', countsOf(r.counts.byKind)],
      ['By state', countsOf(r.counts.byState)],
      ['Approval', approvalState(approval)],
      ['Run', runLink(reconciliationRunId(r.reconciliationId))],
    ]),
    MOVING.has(r.status)
      ? stillMoving('reconciliation', r.status, () => reconciliationPage(id, query))
      : null,
    deciding
      ? h(
          'section',
          { 'aria-labelledby': 'reconciliation-decide' },
          h('h2', { id: 'reconciliation-decide' }, 'Decide'),
          h(
            'p',
            {},
            `${r.counts.byState.open ?? 0} fix(es) are applied if you approve. Tick any to leave alone in the list below first.`,
          ),
          h('label', { for: 'reconciliation-comment' }, 'Comment (kept in the audit trail)'),
          comment,
          decisionButtons(decide, { actions: true }),
        )
      : null,
    h('h2', {}, 'Findings'),
    filterForm(select('state', 'State', FINDING_STATES, state, { any: true }), (form) =>
      navigate(`#/reconciliations/${enc(id)}`, form),
    ),
    list,
  );
}

/** A refused HR export's bad rows, each with its line and what is wrong. */
function badRows(rows) {
  if (rows.length === 0) return [];
  return [
    h(
      'div',
      { role: 'alert' },
      h(
        'ul',
        { 'aria-label': 'Rows of the HR export to fix' },
        rows.map((r) => h('li', {}, `Line ${r.line}: ${r.problems.join('; ')}`)),
      ),
    ),
  ];
}
