// The seats: how many are bought, used and free, the hires queued for one, the 30-day trend, and
// "seats were bought", which gives new seats to the queue at once instead of at the next watch.

import { seatTrendChart } from './chart.js';
import { details, h, notice, show, table, when } from './dom.js';
import { api } from './session.js';
import { enc, personLink } from './ui.js';

export async function seatsPage() {
  const seats = await api('/admin/seats');
  const reason = h('input', {
    id: 'seats-bought-reason',
    name: 'reason',
    required: true,
    maxlength: 500,
    value: 'Bought more seats',
  });
  const release = async (event) => {
    event.preventDefault();
    const button = event.target.querySelector('button');
    button.disabled = true;
    try {
      const answer = await api('/admin/seats/release', {
        method: 'POST',
        body: { reason: reason.value.trim() },
      });
      const retried = answer.retried.length
        ? `; ${answer.retried.length} failed for a seat started again`
        : '';
      notice(
        `Released ${answer.released.length} queued hire(s); ${answer.stillQueued} still queued${retried}.`,
      );
    } catch (error) {
      notice(error.message, 'error');
    }
    await seatsPage();
  };
  show(
    h('h1', {}, 'License seats'),
    h(
      'div',
      { class: 'figures' },
      figure('Purchased', seats.total ?? 'not reported'),
      figure('In use', seats.used),
      figure('Available', seats.available ?? '—'),
      figure('Queued hires', seats.queued.length),
    ),
    details([
      ['Hires not started yet', seats.upcoming.length],
      ['Available once they start', seats.forecastAvailable ?? '—'],
      ['Read from Trello', when(seats.checkedAt)],
    ]),
    h('h2', {}, 'Seats were bought'),
    h(
      'form',
      { class: 'inline', onsubmit: release, 'aria-label': 'Seats were bought' },
      h('label', { for: 'seats-bought-reason' }, 'Why (kept in the audit trail)', reason),
      h('button', { type: 'submit' }, 'Seats were bought: release the queue'),
    ),
    h(
      'p',
      { class: 'muted' },
      'Gives the free seats to the queued hires now, in HR order; seats still left go to onboardings that failed for a seat.',
    ),
    h('h2', {}, 'Waiting for a seat (HR order)'),
    table(
      ['Person', 'Email', 'Starts', 'Approval'],
      seats.queued.map((q) => [
        personLink(q.employeeId, q.person ?? null),
        q.email ?? '—',
        when(q.effectiveAt),
        h('a', { href: `#/approvals/${enc(q.approvalId)}` }, 'open'),
      ]),
      'Nobody is waiting for a seat.',
      { label: 'Hires waiting for a seat' },
    ),
    h('h2', {}, 'Seats in use, last 30 days'),
    h('figure', { class: 'chart-box' }, seatTrendChart(seats.trend), legend()),
    table(
      ['Day', 'In use', 'Purchased'],
      [...seats.trend].reverse().map((r) => [r.day, r.used, r.total ?? '—']),
      'No readings yet.',
      { label: 'Seat readings by day' },
    ),
  );
}

export function figure(label, value) {
  return h(
    'div',
    { class: 'figure' },
    h('span', { class: 'figure-value' }, String(value)),
    h('span', { class: 'figure-label' }, label),
  );
}

export function legend() {
  return h(
    'figcaption',
    { class: 'legend' },
    h('span', { class: 'key key-used', 'aria-hidden': 'true' }),
    ' in use ',
    h('span', { class: 'key key-total', 'aria-hidden': 'true' }),
    ' purchased',
  );
}
