// The approvals: the list (pending first by default) and one approval with its decision.
import { details, h, notice, show, status, when } from './dom.js';
import { api } from './session.js';
import { linkedText, readable } from './text.js';
import { decisionButtons, enc, filterForm, navigate, pagedTable, personLink, runLink, select } from './ui.js';

const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired'];

/** Who an approval is about: the person by name, else the email it names. */
function subject(a) {
  if (a.subjectEmployeeId) return personLink(a.subjectEmployeeId, a.person ?? null);
  return a.subjectEmail ?? '—';
}

export async function approvalsPage(query) {
  const current = query.get('status') ?? 'pending';
  const list = await pagedTable(
    '/admin/approvals',
    { status: current },
    ['Approval', 'Subject', 'Asks', 'Created', 'Expires', 'Status'],
    (a) => [
      h('a', { href: `#/approvals/${enc(a.id)}` }, a.kind),
      subject(a),
      readable(a.question.split('\n')[0]),
      when(a.createdAt),
      when(a.expiresAt),
      status(a.status),
    ],
    current === 'pending' ? 'Nothing is waiting for a decision.' : `No ${current} approvals.`,
    { label: 'Approvals' },
  );
  show(
    h('h1', {}, 'Approvals'),
    filterForm(select('status', 'Status', APPROVAL_STATUSES, current), (form) =>
      navigate('#/approvals', form),
    ),
    list,
  );
}

export async function approvalPage(id) {
  const approval = await api(`/admin/approvals/${enc(id)}`);
  const comment = h('textarea', { id: 'decision-comment', name: 'comment', maxlength: 1000 });
  const decide = async (verb, button) => {
    for (const b of button.parentElement.querySelectorAll('button')) b.disabled = true;
    try {
      const decided = await api(`/admin/approvals/${enc(id)}/${verb}`, {
        method: 'POST',
        body: comment.value.trim() ? { comment: comment.value.trim() } : {},
      });
      notice(`${decided.status === 'approved' ? 'Approved' : 'Rejected'}: the workflow continues now.`);
    } catch (error) {
      notice(error.message, 'error');
    }
    await approvalPage(id);
  };
  const pending = approval.status === 'pending';
  const sweepId = approval.kind === 'sweep-reclaim' ? approval.runId.replace(/^sweep:/, '') : null;
  show(
    h('h1', {}, `Approval: ${approval.kind}`),
    h('p', { class: 'question' }, linkedText(approval.question)),
    sweepId && pending
      ? h(
          'p',
          {},
          'Review the people whose seats go, keep anyone, and decide on ',
          h('a', { href: `#/sweeps/${enc(sweepId)}` }, 'the sweep page'),
          '.',
        )
      : null,
    details([
      ['Status', status(approval.status)],
      ['Subject', subject(approval)],
      ['Email', approval.subjectEmail],
      ['Run', runLink(approval.runId)],
      ['Options', approval.options.join(', ') || '—'],
      ['Created', when(approval.createdAt)],
      ['Expires', when(approval.expiresAt)],
      ['Decided by', approval.decidedBy],
      ['Decided', when(approval.decidedAt)],
      ['Comment', approval.comment],
    ]),
    pending
      ? h(
          'section',
          { 'aria-labelledby': 'decide-heading' },
          h('h2', { id: 'decide-heading' }, 'Decide'),
          h('label', { for: 'decision-comment' }, 'Comment (kept in the audit trail)'),
          comment,
          decisionButtons(decide),
        )
      : null,
  );
}
