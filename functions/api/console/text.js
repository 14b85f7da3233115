// Lanyard's texts as an admin reads them: error class names in words, console links decoded and
// clickable, a run's summary as a list of effects and gaps. Display only: the API's words are
// kept as they are everywhere else (audit, exports).
import { h } from './dom.js';

/** Step Functions' own error names, as an admin would say them. */
const STATES_ERRORS = {
  'States.Timeout': 'timed out',
  'States.TaskFailed': 'a step failed',
  'States.HeartbeatTimeout': 'a step stopped answering',
};

/** `TrelloUnavailableError` → `Trello unavailable`; `failed:X` → `failed: X`. */
export function readable(text) {
  if (text === null || text === undefined) return text;
  return String(text)
    .replace(/States\.[A-Za-z]+/g, (name) => STATES_ERRORS[name] ?? name)
    .replace(/\b([A-Z][A-Za-z0-9]*?)Error\b/g, (_, name) => words(name))
    .replace(/^failed:/, 'failed: ');
}

function words(camel) {
  const parts = camel.match(/[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? [camel];
  return parts.map((part, i) => (i === 0 ? part : part.toLowerCase())).join(' ');
}

const URL_PATTERN = /https?:\/\/[^\s<>"')]+/g;

/**
 * The text with each URL as a link showing its decoded form (`#/runs/offboarding:evt-1`, not
 * `%3A`). A link into this console opens in this tab, at its page.
 */
export function linkedText(text) {
  const source = readable(text ?? '');
  const parts = [];
  let last = 0;
  for (const match of source.matchAll(URL_PATTERN)) {
    const url = match[0].replace(/[.,;]+$/, '');
    parts.push(source.slice(last, match.index));
    parts.push(consoleLink(url));
    last = (match.index ?? 0) + url.length;
  }
  parts.push(source.slice(last));
  return parts.filter((p) => p !== '');
}

function consoleLink(url) {
  let target;
  try {
    target = new URL(url);
  } catch {
    return url;
  }
  const shown = decoded(url);
  const here = target.origin === location.origin && target.pathname === '/' && target.hash.startsWith('#/');
  return h('a', here ? { href: target.hash } : { href: target.href, rel: 'noreferrer' }, shown);
}

function decoded(url) {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/**
 * A run's summary, split into its parts: the verify step joins them with ". ", marking what
 * could not be cut `ACCESS REMAINS:` and what an admin must do by hand `GAP:`. A ". " inside
 * quotes (a board's name) does not split.
 */
export function summaryParts(summary) {
  const parts = [];
  let current = '';
  let quoted = false;
  const text = String(summary ?? '');
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if (!quoted && c === '.' && text[i + 1] === ' ') {
      parts.push(current);
      current = '';
      i += 1;
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts
    .map((p) => p.trim().replace(/\.$/, ''))
    .filter(Boolean)
    .map((p) => {
      if (p.startsWith('ACCESS REMAINS: '))
        return { severity: 'bad', label: 'Access remains', text: p.slice(16) };
      if (p.startsWith('GAP: ')) return { severity: 'warn', label: 'To do by hand', text: p.slice(5) };
      return { severity: 'good', label: 'Done', text: p };
    });
}

/** The summary as a list, worst first: what access remains, the gaps, then what was done. */
export function summaryList(summary, { failed = false } = {}) {
  const order = { bad: 0, warn: 1, good: 2 };
  const parts = summaryParts(summary).map((p) =>
    failed && p.severity === 'good' ? { ...p, severity: 'bad', label: 'Failed' } : p,
  );
  if (parts.length === 0) return '—';
  return h(
    'ul',
    { class: 'summary' },
    parts
      .sort((a, b) => order[a.severity] - order[b.severity])
      .map((p) =>
        h(
          'li',
          { class: `severity-${p.severity}` },
          h('span', { class: 'visually-hidden' }, `${p.label}: `),
          linkedText(p.text),
        ),
      ),
  );
}
