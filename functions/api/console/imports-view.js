// CSV imports of HR events: paste or pick a file, send it, and read one status per row — added
// (accepted, its run started), already-there (a duplicate), refused-by-policy (older in HR
// order), failed (with why). A file with a bad row is refused whole, each bad line named.

import { h, notice, show, status, table } from './dom.js';
import { api } from './session.js';
import { statusCounts } from './ui.js';

export function importsPage() {
  const text = h('textarea', {
    id: 'import-csv',
    name: 'csv',
    rows: 8,
    required: true,
    placeholder: 'type,occurredAt,effectiveAt,employeeId,email,fullName,department,managerEmail',
  });
  const file = h('input', {
    id: 'import-file',
    type: 'file',
    accept: '.csv,text/csv',
    onchange: async (event) => {
      const [chosen] = event.target.files;
      if (chosen) text.value = await chosen.text();
    },
  });
  const results = h('div', { id: 'import-results' });
  const send = async (event) => {
    event.preventDefault();
    const button = event.target.querySelector('button');
    button.disabled = true;
    try {
      const answer = await api('/admin/imports', {
        method: 'POST',
        body: text.value,
        contentType: 'text/csv',
      });
      results.replaceChildren(...rowsOf(answer));
      notice(`Imported ${answer.rows} row(s).`);
    } catch (error) {
      results.replaceChildren(...(error.status === 400 ? [h('p', { role: 'alert' }, error.message)] : []));
      notice(error.message, 'error');
    } finally {
      button.disabled = false;
    }
  };
  show(
    h('h1', {}, 'Import HR events'),
    h(
      'p',
      { class: 'muted' },
      'One row per event; every row is checked first and a file with a bad row changes nothing. The same file sent again is all already-there.',
    ),
    h(
      'form',
      { onsubmit: send, 'aria-label': 'Import a CSV of HR events' },
      h('label', { for: 'import-file' }, 'CSV file', file),
      h('label', { for: 'import-csv' }, 'or the rows themselves', text),
      h('button', { type: 'submit' }, 'Import'),
    ),
    results,
  );
}

function rowsOf(answer) {
  return [
    h('h2', {}, 'One status per row'),
    statusCounts(answer.statuses),
    table(
      ['Line', 'Event', 'Status', 'Why'],
      answer.results.map((r) => [String(r.line), r.eventId, status(r.status), r.reason ?? '—']),
      'The file had no rows.',
      { label: 'Import results by row' },
    ),
  ];
}
