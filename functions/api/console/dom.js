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

export function table(headings, rows, emptyText) {
  if (rows.length === 0) return h('p', { class: 'empty' }, emptyText);
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headings.map((x) => h('th', { scope: 'col' }, x)),
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
  );
}

export function details(pairs) {
  return h(
    'dl',
    {},
    pairs.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '—')]),
  );
}

export function status(word) {
  return h('span', { class: `status status-${word}` }, word);
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
 * would write them as the text "null".
 */
export function show(...nodes) {
  document
    .getElementById('view')
    .replaceChildren(...nodes.flat().filter((node) => node !== null && node !== undefined && node !== false));
}

export function notice(text, kind = 'info') {
  const box = document.getElementById('notice');
  box.className = kind;
  box.textContent = text ?? '';
}
