/**
 * HR event streams for the property suite (test/integration/reliability/hr-event-streams.test.ts):
 * per person an HR-valid history (hired first; then what HR may send from each state), in strictly
 * increasing HR order (DESIGN.md: `effectiveAt`, then `occurredAt`), and a delivery plan over
 * them: every event delivered 1–5 times, all deliveries in any order across and within people.
 * Also what the last event in HR order implies for the person, the model the suite checks.
 */
import fc from 'fast-check';
import type { HrEvent, HrEventType } from '../../functions/contracts/hr-event.ts';
import { compareHrOrder } from '../../functions/core/event-ordering.ts';
import type { LeavePolicy } from '../../functions/core/lifecycle/leave-policies.ts';

/** Where a person is in HR's eyes after an event. */
type HrState = 'employed' | 'on-leave' | 'terminated';

/** What HR may send next from each state (an update may come after a termination too). */
const NEXT: Record<HrState, Array<[HrEventType, HrState | 'same']>> = {
  employed: [
    ['employee.updated', 'same'],
    ['employee.leave_started', 'on-leave'],
    ['employee.terminated', 'terminated'],
  ],
  'on-leave': [
    ['employee.updated', 'same'],
    ['employee.leave_ended', 'employed'],
    ['employee.terminated', 'terminated'],
  ],
  terminated: [
    ['employee.updated', 'same'],
    ['employee.rehired', 'employed'],
  ],
};

/** One step of a generated history: which of NEXT's choices, the gap to the previous event, the data. */
export interface HistoryStep {
  choice: number;
  /** Days after the previous event's `effectiveAt`; 0 makes `occurredAt` decide the order. */
  effectiveGapDays: number;
  fullName: string;
  department: string | null;
}

/** A person's HR history, as the generator draws it (the events are built from it per case). */
export interface PersonHistory {
  steps: HistoryStep[];
}

export interface DeliveryPlan {
  histories: PersonHistory[];
  /** Per event (people in order, then their events), how many times HR delivers it. */
  copies: number[][];
  /** A permutation of every delivery: indexes into the flattened copies. */
  order: number[];
  /** Per delivery in `order`: does it reuse the first delivery's `webhook-id` (an HR retry)? */
  sameWebhookId: boolean[];
  /** Per delivery in `order`: wait for the stack to settle after it? (Shrinks towards true: replayable.) */
  settleAfter: boolean[];
}

const NAMES = ['Ana Lima', 'Bo Ek', 'Chidi Obi', 'Dana Roy'];

export function deliveryPlanArbitrary(options: {
  departments: readonly string[];
  maxPeople: number;
  maxEventsPerPerson: number;
}): fc.Arbitrary<DeliveryPlan> {
  const step = fc.record({
    choice: fc.nat({ max: 5 }),
    effectiveGapDays: fc.integer({ min: 0, max: 3 }),
    fullName: fc.constantFrom(...NAMES),
    // Always sent: a null department means "none" on a hire or termination but "unchanged" on an
    // update (apply-profile-event.ts keeps the one on record), which HR order alone cannot decide.
    department: options.departments.length > 0 ? fc.constantFrom(...options.departments) : fc.constant(null),
  });
  const history = fc.record({
    steps: fc.array(step, { minLength: 1, maxLength: options.maxEventsPerPerson }),
  });
  return fc.array(history, { minLength: 1, maxLength: options.maxPeople }).chain((histories) =>
    fc
      .tuple(
        ...histories.map((h) =>
          fc.array(fc.integer({ min: 1, max: 5 }), { minLength: h.steps.length, maxLength: h.steps.length }),
        ),
      )
      .chain((copies) => {
        const total = copies.flat().reduce((n, c) => n + c, 0);
        const indexes = Array.from({ length: total }, (_, i) => i);
        return fc.record({
          histories: fc.constant(histories),
          copies: fc.constant(copies),
          order: fc.shuffledSubarray(indexes, { minLength: total, maxLength: total }),
          sameWebhookId: fc.array(fc.boolean(), { minLength: total, maxLength: total }),
          settleAfter: fc.array(
            fc.boolean().map((b) => !b),
            { minLength: total, maxLength: total },
          ),
        });
      }),
  );
}

/** The canonical events of one person's history, HR-valid whatever the generator drew. */
export function historyEvents(
  history: PersonHistory,
  person: { employeeId: string; email: string; eventIdPrefix: string },
  start: Date,
): HrEvent[] {
  let state: HrState = 'employed';
  let effective = start.getTime();
  return history.steps.map((s, index) => {
    let type: HrEventType = 'employee.hired';
    if (index > 0) {
      const choices = NEXT[state];
      const [next, after] = choices[s.choice % choices.length] as [HrEventType, HrState | 'same'];
      type = next;
      if (after !== 'same') state = after;
      effective += s.effectiveGapDays * 86_400_000;
    }
    return {
      id: `${person.eventIdPrefix}-${index}`,
      type,
      // occurredAt strictly increases, so equal effectiveAt still orders the history as drawn.
      occurredAt: new Date(start.getTime() - 86_400_000 + index * 60_000).toISOString(),
      effectiveAt: new Date(effective).toISOString(),
      employee: {
        id: person.employeeId,
        email: person.email,
        fullName: s.fullName,
        department: s.department,
        managerEmail: null,
      },
    };
  });
}

/**
 * What the last events in HR order imply for a person under the deploy config's leave policy
 * (DESIGN.md, README "Leave of absence", core/lifecycle/apply-leave.ts): employed (hired or rehired
 * last among hires, rehires and terminations) → `active`, one Trello account, the IdP sign-in on
 * and the seat licensed — except while on leave (a leave started after the last hire or rehire and
 * not ended since), when `suspend-sign-in` has the sign-in cut (the seat stays) and `free-seat` has
 * the account deactivated, its seat freed (the sign-in stays); terminated last → `offboarded`, the
 * IdP sign-in cut, any Trello account deactivated and unlicensed (a termination during a leave
 * supersedes it, whatever the policy did). The name and department are the last event's.
 */
export interface ImpliedState {
  /** hired / rehired last among the lifecycle events: provisioned; terminated: offboarded. */
  employed: boolean;
  /** Employed and on leave (a leave started after the last hire or rehire and not ended). */
  onLeave: boolean;
  /** The `lifecycle` of Lanyard's people record. */
  lifecycle: 'active' | 'offboarded';
  /** Can they sign in through the IdP? */
  signInActive: boolean;
  /** Their Trello account: one that must exist (employed), or null when any account must be cut. */
  trello: { licensed: boolean; deactivated: boolean } | null;
  fullName: string;
  department: string | null;
}

export function impliedState(events: readonly HrEvent[], policy: LeavePolicy = 'keep'): ImpliedState {
  const ordered = [...events].sort(compareHrOrder);
  let employed = false;
  let onLeave = false;
  for (const event of ordered) {
    if (event.type === 'employee.hired' || event.type === 'employee.rehired') {
      employed = true;
      onLeave = false;
    } else if (event.type === 'employee.terminated') {
      employed = false;
      onLeave = false;
    } else if (event.type === 'employee.leave_started') onLeave = true;
    else if (event.type === 'employee.leave_ended') onLeave = false;
  }
  const last = ordered.at(-1);
  if (!last) throw new Error('a history holds at least its hire');
  const away = employed && onLeave;
  const seatFreed = away && policy === 'free-seat';
  return {
    employed,
    onLeave: away,
    lifecycle: employed ? 'active' : 'offboarded',
    signInActive: employed && !(away && policy === 'suspend-sign-in'),
    trello: employed ? { licensed: !seatFreed, deactivated: seatFreed } : null,
    fullName: last.employee.fullName,
    department: last.employee.department ?? null,
  };
}
