// Workspace consolidation: the Workspaces the Enterprise could bring in (claimable and pending)
// with the seats each would take; pick some, plan them (dry run) or bring them in, and read one
// status per Workspace — added, refused-by-policy or failed, with why.

import { h, notice, show, status, table, when } from './dom.js';
import { api } from './session.js';
import { statusCounts } from './ui.js';

export async function consolidationPage() {
  const preview = await api('/admin/consolidation');
  const results = h('div', { id: 'consolidation-results' });
  const boxes = preview.workspaces.map((w) =>
    h('input', {
      type: 'checkbox',
      name: 'workspaceId',
      value: w.workspaceId,
      disabled: !w.transferrable,
      'aria-label': `Choose ${w.displayName}`,
    }),
  );
  const apply = (dryRun) => async (event) => {
    event.preventDefault();
    const workspaceIds = boxes.filter((b) => b.checked).map((b) => b.value);
    if (workspaceIds.length === 0) {
      notice('Choose at least one Workspace first.', 'error');
      return;
    }
    try {
      const answer = await api('/admin/consolidation', { method: 'POST', body: { workspaceIds, dryRun } });
      results.replaceChildren(
        h('h2', {}, dryRun ? 'Planned (nothing changed)' : 'One status per Workspace'),
        statusCounts(answer.statuses),
        table(
          ['Workspace', 'Status', 'What happened'],
          answer.results.map((r) => [r.workspaceId, status(r.status), r.reason ?? r.detail]),
          'Nothing was chosen.',
          { label: 'Consolidation results by Workspace' },
        ),
        h(
          'p',
          { class: 'muted' },
          `Seats in use: ${answer.seatsUsedBefore} before, ${answer.seatsUsedAfter} after.`,
        ),
      );
    } catch (error) {
      notice(error.message, 'error');
    }
  };
  show(
    h('h1', {}, 'Workspace consolidation'),
    h(
      'p',
      { class: 'muted' },
      `Seats free: ${preview.available ?? 'not reported'}; all transferrable candidates would take up to ${preview.seatsNeeded}.`,
    ),
    h(
      'form',
      { onsubmit: apply(false), 'aria-label': 'Bring Workspaces into the Enterprise' },
      table(
        ['', 'Workspace', 'Source', 'Members', 'Seats needed', 'Last active'],
        preview.workspaces.map((w, i) => [
          boxes[i],
          w.displayName,
          w.source,
          String(w.members),
          String(w.seatsNeeded),
          when(w.lastActiveAt),
        ]),
        'No Workspace is claimable or pending.',
        { label: 'Candidate Workspaces' },
      ),
      h('button', { type: 'button', onclick: apply(true) }, 'Plan (dry run)'),
      h('button', { type: 'submit' }, 'Bring the chosen Workspaces in'),
    ),
    results,
  );
}
