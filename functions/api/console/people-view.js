// People: the search (name, email or employee id, answered as you type) and one person's page.
import { details, h, show, status, table, when } from './dom.js';
import { api } from './session.js';
import { readable } from './text.js';
import { enc, runLink } from './ui.js';

/** Waits this long after the last keystroke before asking the API. */
const TYPING_PAUSE_MS = 250;

export async function peopleSearchPage(query) {
  const q = (query.get('q') ?? '').trim();
  const people = q ? (await api(`/admin/people?${new URLSearchParams({ q })}`)).items : [];
  // The id or email typed in full, and only one person has it: straight to them (Back skips
  // the search, which would only bounce here again).
  const [only] = people;
  if (people.length === 1 && (only.employeeId === q || only.email.toLowerCase() === q.toLowerCase())) {
    location.replace(`#/people/${enc(only.employeeId)}`);
    return;
  }
  const results = h('div', { id: 'people-results' });
  const count = h('p', { role: 'status', class: 'muted' });
  const render = (found, text) => {
    count.textContent = text
      ? `${found.length === 1 ? '1 person' : `${found.length} people`} found for “${text}”`
      : '';
    results.replaceChildren(
      text
        ? table(
            ['Name', 'Email', 'Employee id', 'Department', 'Lifecycle'],
            found.map((p) => [
              h('a', { href: `#/people/${enc(p.employeeId)}` }, p.fullName),
              p.email,
              p.employeeId,
              p.department ?? '—',
              status(p.lifecycle),
            ]),
            'Nobody matches. Lanyard knows people from their first HR event.',
            { label: 'People found' },
          )
        : h('p', { class: 'empty' }, 'Type part of a name, an email or an employee id.'),
    );
  };
  let timer = null;
  let asked = 0;
  const input = h('input', {
    id: 'people-q',
    type: 'search',
    name: 'q',
    value: q,
    autocomplete: 'off',
    oninput: () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const text = input.value.trim();
        const mine = ++asked;
        const found = text ? (await api(`/admin/people?${new URLSearchParams({ q: text })}`)).items : [];
        // Only the latest answer is drawn: an earlier, slower one must not overwrite it.
        if (mine !== asked) return;
        history.replaceState(null, '', text ? `#/people?${new URLSearchParams({ q: text })}` : '#/people');
        render(found, text);
      }, TYPING_PAUSE_MS);
    },
  });
  render(people, q);
  show(
    h('h1', {}, 'People'),
    h(
      'form',
      { class: 'inline', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('label', { for: 'people-q' }, 'Name, email or employee id'),
      input,
    ),
    count,
    results,
  );
}

export async function personPage(employeeId) {
  const { profile, events, runs } = await api(`/admin/people/${enc(employeeId)}`);
  show(
    h('h1', {}, `${profile.fullName} (${profile.employeeId})`),
    details([
      ['Email', profile.email],
      ['Lifecycle', status(profile.lifecycle)],
      ['Department', profile.department],
      ['Manager', profile.managerEmail],
      ['Trello member', profile.trelloMemberId],
      ['On leave', profile.onLeave ? 'yes' : 'no'],
      ['Current run', profile.currentRunId ? runLink(profile.currentRunId) : null],
      ['Updated', when(profile.updatedAt)],
    ]),
    h('p', {}, h('a', { href: `#/audit?${auditQuery(profile, events)}` }, 'Their audit trail')),
    h('h2', {}, 'HR events (HR order)'),
    table(
      ['Event', 'Type', 'Effective', 'Occurred', 'Applied'],
      events.map((e) => [
        e.id,
        e.type,
        when(e.effectiveAt),
        when(e.occurredAt),
        e.stale ? 'no: stale' : 'yes',
      ]),
      'No events recorded.',
      { label: 'HR events' },
    ),
    h('h2', {}, 'Runs'),
    table(
      ['Run', 'Kind', 'Status', 'Outcome', 'Started'],
      runs.map((r) => [
        runLink(r.runId),
        r.kind,
        status(r.status),
        r.outcome ? status(readable(r.outcome)) : '—',
        when(r.startedAt),
      ]),
      'No runs for this person.',
      { label: 'Runs of this person' },
    ),
  );
}

/** Their audit trail from the day of their first HR event (nothing about them is older). */
function auditQuery(profile, events) {
  const first = events.map((e) => e.occurredAt).sort()[0] ?? profile.updatedAt;
  return new URLSearchParams({ person: profile.employeeId, since: first.slice(0, 10) });
}
