// Idle-seat sweeps: the list, starting one, and one sweep — its members, and the batch's
// approval decided on the same page after ticking the people who keep their seat.
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

/** A sweep's run id (core/sweep/sweep-deps.ts sweepRunId). */
const sweepRunId = (sweepId) => `sweep:${sweepId}`;
/** Sweep statuses that change by themselves: the page offers to look again. */
const MOVING = new Set(['listing', 'reclaiming', 'awaiting-answers']);

const SWEEP_STATES = ['candidate', 'exempt', 'dropped', 'kept', 'reclaimed', 'skipped', 'failed'];

const MODES = [
  ['report', 'Report: list the idle seats, change nothing'],
  ['approve', 'Approve: reclaim after one approval of the batch'],
  ['ask-first', 'Ask first: mail each idle member; reclaim those who do not answer'],
  ['auto', 'Auto: reclaim at once'],
];

export async function sweepsPage() {
  const list = await pagedTable(
    '/admin/sweeps',
    {},
    ['Sweep', 'Mode', 'Status', 'Started', 'Requested by', 'Seats in use', 'Outcome'],
    (s) => [
      h('a', { href: `#/sweeps/${enc(s.sweepId)}` }, s.sweepId),
      s.dryRun ? `${s.mode} (dry run)` : s.mode,
      status(s.status),
      when(s.startedAt),
      s.requestedBy,
      `${s.seatsBefore ?? '?'} → ${s.seatsAfter ?? '…'}`,
      s.summary ? readable(s.summary) : '—',
    ],
    'No sweeps yet.',
    { label: 'Sweeps' },
  );
  const mode = h(
    'select',
    { id: 'sweep-mode', name: 'mode' },
    MODES.map(([value, text]) => h('option', { value }, text)),
  );
  const dryRun = h('input', { id: 'sweep-dry-run', type: 'checkbox', name: 'dryRun' });
  const start = async (event) => {
    event.preventDefault();
    const button = event.target.querySelector('button');
    button.disabled = true;
    try {
      const { sweepId } = await api('/admin/sweeps', {
        method: 'POST',
        body: { mode: mode.value, dryRun: dryRun.checked },
      });
      await recorded(sweepId);
      // Its page says how far it got (a notice here would be cleared by the navigation).
      location.hash = `#/sweeps/${enc(sweepId)}`;
    } catch (error) {
      notice(error.message, 'error');
      button.disabled = false;
    }
  };
  show(
    h('h1', {}, 'Sweeps'),
    h('h2', {}, 'Start a sweep'),
    h(
      'form',
      { class: 'inline', onsubmit: start, 'aria-label': 'Start a sweep' },
      h('label', { for: 'sweep-mode' }, 'Mode', mode),
      h('label', { for: 'sweep-dry-run', class: 'checkbox' }, dryRun, 'Dry run (change nothing)'),
      h('button', { type: 'submit' }, 'Start sweep'),
    ),
    h('h2', {}, 'Sweeps, newest first'),
    list,
  );
}

/**
 * Waits (a few seconds at most) until the started sweep is on record: the API answers as soon as
 * its workflow starts, and the sweep's first step writes the record a moment later.
 */
async function recorded(sweepId) {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const { items } = await api('/admin/sweeps?limit=5');
    if (items.some((s) => s.sweepId === sweepId)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function sweepPage(sweepId, query) {
  const state = query.get('state') ?? '';
  const sweep = await api(`/admin/sweeps/${enc(sweepId)}?limit=1`);
  const approval = sweep.approval;
  const deciding = sweep.status === 'awaiting-approval' && approval?.status === 'pending';
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
      readable(m.reason),
    ],
    'No members in this sweep.',
    { field: 'members', label: 'Members of this sweep' },
  );
  /** Keeps the ticked people out of the sweep; answers false when that failed (said in the notice). */
  const keepTicked = async () => {
    if (chosen.size === 0) return { kept: 0 };
    const answer = await api(`/admin/sweeps/${enc(sweepId)}/drop`, {
      method: 'POST',
      body: { memberIds: [...chosen] },
    });
    return { kept: answer.dropped.length };
  };
  const comment = h('textarea', { id: 'sweep-comment', name: 'comment', maxlength: 1000 });
  const act = async (button, work) => {
    for (const b of button.parentElement.querySelectorAll('button')) b.disabled = true;
    try {
      notice(await work());
    } catch (error) {
      notice(error.message, 'error');
    }
    await sweepPage(sweepId, query);
  };
  const keep = (button) =>
    act(button, async () => {
      if (chosen.size === 0) throw new Error('Tick the people to keep first.');
      const { kept } = await keepTicked();
      return `Kept ${kept}; approve the sweep to reclaim the rest.`;
    });
  const decide = (verb, button) =>
    act(button, async () => {
      const { kept } = verb === 'approve' ? await keepTicked() : { kept: 0 };
      const body = comment.value.trim() ? { comment: comment.value.trim() } : {};
      await api(`/admin/approvals/${enc(approval.id)}/${verb}`, { method: 'POST', body });
      return verb === 'approve'
        ? `Approved: ${kept} kept, the other candidates' seats are reclaimed now.`
        : 'Rejected: no seat is reclaimed.';
    });
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
      ['Approval', approvalState(approval)],
      ['Run', runLink(sweepRunId(sweep.sweepId))],
    ]),
    MOVING.has(sweep.status) ? stillMoving('sweep', sweep.status, () => sweepPage(sweepId, query)) : null,
    deciding
      ? h(
          'section',
          { 'aria-labelledby': 'sweep-decide' },
          h('h2', { id: 'sweep-decide' }, 'Decide'),
          h(
            'p',
            {},
            `${sweep.counts.candidate ?? 0} candidate(s) lose their seat if you approve. Tick anyone who keeps theirs in the list below first.`,
          ),
          h('label', { for: 'sweep-comment' }, 'Comment (kept in the audit trail)'),
          comment,
          decisionButtons(decide, {
            actions: true,
            more: [h('button', { type: 'button', onclick: (e) => keep(e.target) }, 'Keep the ticked people')],
          }),
        )
      : null,
    h('h2', {}, 'Members'),
    filterForm(select('state', 'State', SWEEP_STATES, state, { any: true }), (form) =>
      navigate(`#/sweeps/${enc(sweepId)}`, form),
    ),
    list,
  );
}
