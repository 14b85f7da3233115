// Builds the page from data with createElement and textContent only: nothing the API returns
// (names, comments, questions written from HR data) is ever parsed as HTML.

/** h('a', { href: '#/x' }, 'text', child…). Attributes starting with `on` bind listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/**
 * A table in its own scrolling box: at 800 px a wide table scrolls inside the box, never the
 * page. The box is focusable and named, so a keyboard user can scroll it too.
 */
export function table(headings, rows, emptyText, { label, className } = {}) {
  if (rows.length === 0) return h('p', { class: 'empty' }, emptyText);
  return h(
    'div',
    {
      class: 'table-scroll',
      tabindex: 0,
      role: 'region',
      'aria-label': label ?? headings.filter(Boolean).join(', '),
    },
    h(
      'table',
      { class: className },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headings.map((x) =>
            h('th', { scope: 'col' }, x === '' ? h('span', { class: 'visually-hidden' }, 'Select') : x),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((cell) => h('td', {}, cell)),
          ),
        ),
      ),
    ),
  );
}

export function details(pairs) {
  return h(
    'dl',
    {},
    pairs.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '—')]),
  );
}

/** How a status reads at a glance: done, needs a look, or went wrong (colour and icon both). */
const SEVERITY = {
  good: [
    'succeeded',
    'approved',
    'done',
    'finished',
    'offboarded',
    'reclaimed',
    'released',
    'active',
    'kept',
    'added',
    'transferred',
  ],
  warn: [
    'pending',
    'waiting-approval',
    'running',
    'trying',
    'succeeded-with-gaps',
    'offboarded-with-gaps',
    'awaiting-approval',
    'awaiting-answers',
    'listing',
    'reclaiming',
    'candidate',
    'onboarding',
    'offboarding',
    'awaiting-first-login',
    'refused-by-policy',
    'planned',
  ],
  bad: [
    'failed',
    'access-remains',
    'rejected',
    'expired',
    'refused',
    'gave-up',
    'not-provisioned',
    'discarded',
  ],
};
export function severityOf(word) {
  for (const [severity, words] of Object.entries(SEVERITY)) if (words.includes(word)) return severity;
  return String(word).startsWith('failed') ? 'bad' : 'plain';
}

/** The word with its severity's colour and icon (the icon comes from the CSS, silent to readers). */
export function status(word) {
  return h('span', { class: `status status-${word} severity-${severityOf(word)}` }, word);
}

export function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return h('time', { datetime: iso, title: iso }, date.toLocaleString());
}

export function link(href, text) {
  return h('a', { href }, text);
}

/**
 * Replaces the view's content. Absent parts (`cond ? node : null`) are left out: replaceChildren
 * would write them as the text "null". When focus was in the view (a button that re-rendered the
 * page) or nowhere, it moves to the new page's heading, so a keyboard user is never dropped to
 * the start of the document.
 */
export function show(...nodes) {
  const view = document.getElementById('view');
  const active = document.activeElement;
  const focusWasHere = active === null || active === document.body || view.contains(active);
  view.replaceChildren(
    ...nodes.flat().filter((node) => node !== null && node !== undefined && node !== false),
  );
  if (focusWasHere) focusHeading();
}

/** Focuses the page's heading (navigation, sign-in, a page drawn again after an action). */
export function focusHeading() {
  const heading = document.querySelector('#view h1');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: false });
}

export function notice(text, kind = 'info') {
  const box = document.getElementById('notice');
  box.className = kind;
  box.textContent = text ?? '';
}
