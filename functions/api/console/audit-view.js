// The audit trail, newest first, filtered by person, action and dates; exported (CSV or JSON,
// oldest first, as the hash chains run) and checked against its hash chains.
import { h, notice, show, status, when } from './dom.js';
import { api } from './session.js';
import { readable } from './text.js';
import { filterForm, navigate, pagedTable, personLink, runLink } from './ui.js';

const DAY_MS = 86_400_000;

export async function auditPage(query) {
  const since = query.get('since') ?? new Date(Date.now() - 7 * DAY_MS).toISOString().slice(0, 10);
  const until = query.get('until') ?? '';
  const person = query.get('person') ?? '';
  const action = query.get('action') ?? '';
  const filters = Object.fromEntries(
    Object.entries({ since, until, person, action }).filter(([, value]) => value !== ''),
  );
  const list = await pagedTable(
    '/admin/audit',
    { ...filters, order: 'newest' },
    ['At', 'Person', 'Action', 'Result', 'Asked by', 'Target', 'Detail', 'Run', 'Chain'],
    (a) => [
      when(a.at),
      a.employeeId ? personLink(a.employeeId, a.person ?? null) : '—',
      a.action,
      a.attempt > 1 ? h('span', {}, status(a.result), ` (attempt ${a.attempt})`) : status(a.result),
      a.actor,
      a.target,
      readable(a.detail),
      a.runId ? runLink(a.runId) : '—',
      // The day's chain: place and the start of the entry's hash (the full one is in the exports).
      h('code', { title: a.hash }, `${a.at.slice(0, 10)} #${a.seq} ${a.hash.slice(0, 8)}`),
    ],
    'No audit entries match.',
    { label: 'Audit entries, newest first', className: 'audit' },
  );
  const verdict = h('p', { class: 'verdict', role: 'status' });
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
      [
        h('label', {}, 'Person (employee id or email)', h('input', { name: 'person', value: person })),
        h('label', {}, 'Action contains', h('input', { name: 'action', value: action })),
        h('label', {}, 'From', h('input', { type: 'date', name: 'since', value: since, required: true })),
        h('label', {}, 'To', h('input', { type: 'date', name: 'until', value: until })),
      ],
      (form) => navigate('#/audit', form),
      { label: 'Filter the audit trail' },
    ),
    h(
      'p',
      {},
      'Exports and the chain check cover every entry since the From date, oldest first. ',
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
