// The console's entry: sign-in, then a hash router (#/approvals/<id>, #/runs/<id>, …) so links to
// one approval can be pasted into a ticket or chat and open straight on it.
import { h, notice, show } from './dom.js';
import { quarantinePage } from './quarantine-view.js';
import {
  ApiError,
  api,
  credential,
  finishHostedLogin,
  loadSettings,
  signIn,
  signOut,
  startHostedLogin,
  usesHostedLogin,
} from './session.js';
import {
  approvalPage,
  approvalsPage,
  auditPage,
  inboxPage,
  personPage,
  runPage,
  runsPage,
  seatsPage,
  sweepPage,
} from './views.js';

const routes = [
  [/^\/approvals\/(.+)$/, (m) => approvalPage(m[1])],
  [/^\/approvals$/, (_, q) => approvalsPage(q)],
  [/^\/runs\/(.+)$/, (m) => runPage(m[1])],
  [/^\/runs$/, (_, q) => runsPage(q)],
  [/^\/people\/(.+)$/, (m) => personPage(m[1])],
  [/^\/seats$/, () => seatsPage()],
  [/^\/quarantine$/, () => quarantinePage()],
  [/^\/inbox$/, () => inboxPage()],
  [/^\/audit$/, (_, q) => auditPage(q)],
  [/^\/sweeps\/(.+)$/, (m, q) => sweepPage(m[1], q)],
];

function loginPage(reason) {
  if (usesHostedLogin()) {
    show(
      h('h1', {}, 'Sign in'),
      reason ? h('p', {}, reason) : null,
      h('button', { type: 'button', onclick: () => startHostedLogin() }, 'Sign in with your admin account'),
    );
    return;
  }
  const input = h('input', { id: 'admin-token', type: 'password', autocomplete: 'off', required: true });
  show(
    h('h1', {}, 'Sign in'),
    reason ? h('p', {}, reason) : null,
    h(
      'form',
      {
        class: 'inline',
        onsubmit: async (event) => {
          event.preventDefault();
          signIn(input.value.trim());
          await route();
        },
      },
      h('label', { for: 'admin-token' }, 'Admin token (printed by npm start)', input),
      h('button', { type: 'submit' }, 'Sign in'),
    ),
  );
}

async function route() {
  const [path, search = ''] = (location.hash.slice(1) || '/approvals').split('?');
  for (const a of document.querySelectorAll('nav a')) {
    const current = path.startsWith(a.getAttribute('href').slice(1));
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const signOutButton = document.getElementById('sign-out');
  if (!credential()) {
    signOutButton.hidden = true;
    document.getElementById('caller').textContent = '';
    return loginPage();
  }
  try {
    const { caller } = await api('/admin/whoami');
    document.getElementById('caller').textContent = `Signed in as ${caller}`;
    signOutButton.hidden = false;
    const match = routes.find(([pattern]) => pattern.test(path));
    if (!match) return show(h('h1', {}, 'Not found'), h('p', {}, `The console has no page ${path}.`));
    const [pattern, render] = match;
    const groups = path.match(pattern).map((part, i) => (i === 0 ? part : decodeURIComponent(part)));
    await render(groups, new URLSearchParams(search));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut();
      return loginPage(`Sign-in refused: ${error.message}`);
    }
    notice(error instanceof ApiError ? error.message : `The console failed: ${error.message}`, 'error');
    show(h('p', { class: 'empty' }, 'This page could not be loaded.'));
  }
}

async function start() {
  await loadSettings();
  try {
    await finishHostedLogin();
  } catch (error) {
    notice(error.message, 'error');
  }
  document.getElementById('sign-out').addEventListener('click', () => {
    signOut();
    notice('');
    route();
  });
  document.getElementById('person-search').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = new FormData(event.target).get('employeeId')?.toString().trim();
    if (id) location.hash = `#/people/${encodeURIComponent(id)}`;
  });
  // A notice belongs to the page it was raised on.
  window.addEventListener('hashchange', () => {
    notice('');
    route();
  });
  await route();
}

start();
