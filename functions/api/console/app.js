// The console's entry: sign-in, then a hash router (#/approvals/<id>, #/runs/<id>, …) so links to
// one approval can be pasted into a ticket or chat and open straight on it. The overview is the
// landing page. Focus follows the reader: the token field on load, the page heading after
// sign-in and after each navigation.
import { approvalPage, approvalsPage } from './approvals-view.js';
import { auditPage } from './audit-view.js';
import { consolidationPage } from './consolidation-view.js';
import { focusHeading, h, notice, show } from './dom.js';
import { importsPage } from './imports-view.js';
import { inboxPage } from './inbox-view.js';
import { overviewPage } from './overview-view.js';
import { peopleSearchPage, personPage } from './people-view.js';
import { quarantinePage } from './quarantine-view.js';
import { reconciliationPage, reconciliationsPage } from './reconciliations-view.js';
import { runPage, runsPage } from './runs-view.js';
import { seatsPage } from './seats-view.js';
import {
  ApiError,
  api,
  credential,
  finishHostedLogin,
  loadSettings,
  newNavigation,
  signIn,
  signOut,
  startHostedLogin,
  usesHostedLogin,
} from './session.js';
import { sweepPage, sweepsPage } from './sweeps-view.js';

const LANDING = '/overview';

const routes = [
  [/^\/(overview)?$/, () => overviewPage()],
  [/^\/approvals\/(.+)$/, (m) => approvalPage(m[1])],
  [/^\/approvals$/, (_, q) => approvalsPage(q)],
  [/^\/runs\/(.+)$/, (m) => runPage(m[1])],
  [/^\/runs$/, (_, q) => runsPage(q)],
  [/^\/people\/(.+)$/, (m) => personPage(m[1])],
  [/^\/people$/, (_, q) => peopleSearchPage(q)],
  [/^\/seats$/, () => seatsPage()],
  [/^\/sweeps\/(.+)$/, (m, q) => sweepPage(m[1], q)],
  [/^\/sweeps$/, () => sweepsPage()],
  [/^\/reconciliations\/(.+)$/, (m, q) => reconciliationPage(m[1], q)],
  [/^\/reconciliations$/, () => reconciliationsPage()],
  [/^\/quarantine$/, () => quarantinePage()],
  [/^\/inbox$/, () => inboxPage()],
  [/^\/audit$/, (_, q) => auditPage(q)],
  [/^\/imports$/, () => importsPage()],
  [/^\/consolidation$/, () => consolidationPage()],
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
    reason ? h('p', { role: 'alert' }, reason) : null,
    h(
      'form',
      {
        class: 'inline',
        'aria-label': 'Sign in',
        onsubmit: async (event) => {
          event.preventDefault();
          signIn(input.value.trim());
          await route();
          // Refused, the sign-in page is drawn again with the field focused; else the new page's heading.
          if (credential()) focusHeading();
        },
      },
      h('label', { for: 'admin-token' }, 'Admin token (printed by npm start)', input),
      h('button', { type: 'submit' }, 'Sign in'),
    ),
  );
  // The one thing to do on this page: type the token.
  input.focus();
}

function markCurrentSection(path) {
  const section = path === '/' ? LANDING : path;
  for (const a of document.querySelectorAll('nav a')) {
    const href = a.getAttribute('href').slice(1);
    if (section === href || section.startsWith(`${href}/`)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function route() {
  newNavigation();
  const [path, search = ''] = (location.hash.slice(1) || '/').split('?');
  markCurrentSection(path);
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
    const groups = path
      .match(pattern)
      .map((part, i) => (i === 0 || part === undefined ? part : decodeURIComponent(part)));
    await render(groups, new URLSearchParams(search));
  } catch (error) {
    // The admin went on to another page before this one had drawn: that page draws instead.
    if (error?.name === 'AbortError') return;
    if (error instanceof ApiError && error.status === 401) {
      signOut();
      return loginPage(`Sign-in refused: ${error.message}`);
    }
    notice(error instanceof ApiError ? error.message : `The console failed: ${error.message}`, 'error');
    show(h('h1', {}, 'This page could not be loaded'), h('p', { class: 'empty' }, 'See the message above.'));
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
    const q = new FormData(event.target).get('q')?.toString().trim();
    if (q) location.hash = `#/people?${new URLSearchParams({ q })}`;
  });
  // The skip link's target is the page, not a route: move focus there without touching the hash.
  document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    focusHeading();
    if (!document.querySelector('#view h1')) document.getElementById('view').focus();
  });
  // A notice belongs to the page it was raised on; focus goes to the new page's heading.
  window.addEventListener('hashchange', async () => {
    notice('');
    await route();
    if (credential()) focusHeading();
  });
  await route();
}

start();
