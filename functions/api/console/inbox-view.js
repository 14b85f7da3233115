// The inbox: every notification to admins, newest first, in words (error names spelled out,
// links decoded and clickable), each with a link to what it is about.
import { h, show, when } from './dom.js';
import { linkedText, readable } from './text.js';
import { enc, pagedTable, runLink } from './ui.js';

export async function inboxPage() {
  const list = await pagedTable(
    '/admin/notifications',
    {},
    ['When', 'What', 'Details', 'Open'],
    (n) => [
      when(n.at),
      readable(n.title),
      h('div', { class: 'message' }, linkedText(n.body)),
      n.approvalId
        ? h('a', { href: `#/approvals/${enc(n.approvalId)}` }, 'approval')
        : n.runId
          ? runLink(n.runId)
          : '—',
    ],
    'No notifications yet.',
    { label: 'Notifications', className: 'inbox' },
  );
  show(h('h1', {}, 'Inbox'), list);
}
