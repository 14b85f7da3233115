// What the pages share: links to people and runs (names next to ids), paged lists, filter forms.
import { h, link, status, table } from './dom.js';
import { api } from './session.js';

export const enc = encodeURIComponent;

/** A link to the person, by name when the API sent it, with the id beside it. */
export function personLink(employeeId, person = null) {
  if (!employeeId) return person ? person.fullName : '—';
  const href = `#/people/${enc(employeeId)}`;
  if (!person) return link(href, employeeId);
  return h(
    'span',
    { class: 'person' },
    link(href, person.fullName),
    ' ',
    h('span', { class: 'muted' }, `${person.email} · ${employeeId}`),
  );
}

export const runLink = (runId) => link(`#/runs/${enc(runId)}`, runId);

/** 42 s, 12 min, 3.5 h, 2 d: how long, as an admin reads it. */
export function duration(seconds) {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

/** A list that pages with "Show more" until the API's cursor runs out (`field`: where the page keeps its rows). */
export async function pagedTable(
  path,
  query,
  headings,
  toCells,
  emptyText,
  { field = 'items', label, className } = {},
) {
  const holder = h('div', { class: 'paged' });
  const items = [];
  let cursor = null;
  const more = h('button', { type: 'button', class: 'more', onclick: () => load(true) }, 'Show more');
  async function load(fromButton) {
    const params = new URLSearchParams(query);
    if (cursor) params.set('cursor', cursor);
    const page = await api(`${path}?${params}`);
    items.push(...page[field]);
    cursor = page.nextCursor;
    const list = table(headings, items.map(toCells), emptyText, { label, className });
    holder.replaceChildren(list, cursor ? more : '');
    // The button is kept while there is more, so focus stays on it; after the last page the
    // list itself takes focus.
    if (fromButton && !cursor) list.focus();
  }
  await load(false);
  return holder;
}

export function filterForm(fields, onSubmit, { submitText = 'Show', label = 'Filter' } = {}) {
  return h(
    'form',
    {
      class: 'inline',
      'aria-label': label,
      onsubmit: (event) => {
        event.preventDefault();
        onSubmit(new FormData(event.target));
      },
    },
    fields,
    h('button', { type: 'submit' }, submitText),
  );
}

export function select(name, label, values, current, { any = false } = {}) {
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

export function navigate(base, form) {
  const params = new URLSearchParams();
  for (const [key, value] of form) if (value) params.set(key, String(value));
  const query = params.toString();
  location.hash = query ? `${base}?${query}` : base;
}

/** The per-row statuses of bulk work (added, already-there, refused-by-policy, failed) at a glance. */
export function statusCounts(counts) {
  return h(
    'p',
    { class: 'status-counts' },
    ...['added', 'already-there', 'refused-by-policy', 'failed'].flatMap((word, i) => [
      i === 0 ? '' : ' · ',
      status(word),
      ` ${counts[word] ?? 0}`,
    ]),
  );
}

/** The Approve and Reject buttons of a decision form (and any more after them). */
export function decisionButtons(decide, { actions = false, more = [] } = {}) {
  return h(
    'p',
    actions ? { class: 'actions' } : {},
    h('button', { type: 'button', class: 'approve', onclick: (e) => decide('approve', e.target) }, 'Approve'),
    ' ',
    h('button', { type: 'button', class: 'reject', onclick: (e) => decide('reject', e.target) }, 'Reject'),
    ...more.flatMap((button) => [' ', button]),
  );
}

/** A batch's approval as a details row: its status and who decided it. */
export function approvalState(approval) {
  return approval
    ? h('span', {}, status(approval.status), approval.decidedBy ? ` by ${approval.decidedBy}` : '')
    : null;
}

/** Says a batch run (a sweep, a reconciliation) is still moving, with a button to look again. */
export function stillMoving(what, state, refresh) {
  return h(
    'p',
    {},
    `The ${what} is ${state}. `,
    h('button', { type: 'button', onclick: refresh }, 'Refresh'),
  );
}
