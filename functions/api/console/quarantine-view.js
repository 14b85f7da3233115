// The quarantine page: what the mass-change guard holds, who (by department and manager), and one
// decision per batch — release or discard, for the whole batch or the ticked departments.
import { details, h, notice, show, status, table, when } from './dom.js';
import { api } from './session.js';
import { personLink, runLink } from './ui.js';

const enc = encodeURIComponent;

export async function quarantinePage() {
  const { guard, batches } = await api('/admin/quarantine');
  const open = batches.filter((b) => b.pending > 0);
  const settled = batches.filter((b) => b.pending === 0);
  show(
    h('h1', {}, 'Quarantine'),
    h(
      'p',
      {},
      guard === 'on'
        ? 'Terminations past the mass-change guard wait here, untouched, until an admin releases or discards them.'
        : 'The mass-change guard is off: every termination runs at once, however many arrive.',
    ),
    open.length === 0
      ? h('p', { class: 'empty' }, 'Nothing is held.')
      : open.map((batch) => heldBatch(batch)),
    h('h2', {}, 'Decided batches'),
    table(
      ['Batch', 'Opened', 'Held', 'Released', 'Discarded', 'Last decided by'],
      settled.map((b) => {
        const count = (d) => b.runs.filter((r) => r.decision === d).length;
        const last = b.runs
          .filter((r) => r.decidedAt)
          .sort((x, y) => y.decidedAt.localeCompare(x.decidedAt))[0];
        return [
          b.batchId,
          when(b.openedAt),
          b.runs.length,
          count('released'),
          count('discarded'),
          last ? `${last.decidedBy} (${new Date(last.decidedAt).toLocaleString()})` : '—',
        ];
      }),
      'No decided batches.',
    ),
  );
}

function heldBatch(batch) {
  const chosen = new Set();
  const decide = async (action, button) => {
    const departments = [...chosen];
    const who = departments.length
      ? `the held people of ${departments.join(', ')}`
      : `all ${batch.pending} held people`;
    const what =
      action === 'release'
        ? `Release ${who}? Their access is cut now, fail-closed.`
        : `Discard ${who}? Their terminations are recorded as discarded and never applied.`;
    if (!window.confirm(what)) return;
    for (const b of button.parentElement.querySelectorAll('button')) b.disabled = true;
    try {
      const answer = await api(`/admin/quarantine/${enc(batch.batchId)}/${action}`, {
        method: 'POST',
        body: departments.length ? { departments } : {},
      });
      const verb = action === 'release' ? 'Released' : 'Discarded';
      notice(`${verb} ${answer.decided.length}; ${answer.remaining} still held.`);
    } catch (error) {
      notice(error.message, 'error');
    }
    await quarantinePage();
  };
  const pending = batch.runs.filter((r) => r.decision === 'pending');
  return h(
    'section',
    { 'aria-label': `Batch ${batch.batchId}` },
    h('h2', {}, `${batch.pending} held since ${new Date(batch.openedAt).toLocaleString()}`),
    details([
      ['Batch', batch.batchId],
      ['Limit', `${batch.limit} terminations within ${batch.windowMinutes} min`],
      ['By manager', batch.byManager.map((m) => `${m.managerEmail}: ${m.count}`).join(', ')],
    ]),
    h('h3', {}, 'By department'),
    table(
      ['', 'Department', 'Held'],
      batch.byDepartment.map((d) => [
        h('input', {
          type: 'checkbox',
          'aria-label': `Only ${d.department}`,
          onchange: (e) => (e.target.checked ? chosen.add(d.department) : chosen.delete(d.department)),
        }),
        d.department,
        d.count,
      ]),
      'Nobody.',
    ),
    h(
      'p',
      { class: 'actions' },
      'Tick departments to decide for them only; otherwise the whole batch. ',
      h('button', { type: 'button', onclick: (e) => decide('release', e.target) }, 'Release'),
      ' ',
      h('button', { type: 'button', onclick: (e) => decide('discard', e.target) }, 'Discard'),
    ),
    h('h3', {}, 'Held people'),
    table(
      ['Person', 'Email', 'Department', 'Manager', 'Held', 'Run', 'Status'],
      pending.map((r) => [
        h('span', {}, r.fullName, ' (', personLink(r.employeeId), ')'),
        r.email,
        r.department ?? '(none)',
        r.managerEmail ?? '—',
        when(r.heldAt),
        runLink(r.runId),
        status(r.decision),
      ]),
      'Nobody is held in this batch.',
    ),
  );
}
