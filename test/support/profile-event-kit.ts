/**
 * The unit-test surroundings of Apply Profile Event (updates, movers, leaves): Ana Lima provisioned
 * (`active`, in Design, her Trello account licensed and in the default and Design Workspaces, her
 * IdP user able to sign in), the records, Trello and the IdP in memory, and the profile events.
 */
import type { LeavePolicy } from '../../functions/core/lifecycle/leave-policies.ts';
import type { IdentityProvider } from '../../functions/ports/identity-provider.ts';
import type { PersonProfile } from '../../functions/ports/records/people.ts';
import { aMember, anIdpUser, aProfile } from './builders.ts';
import { InMemoryIdp } from './fakes/in-memory-idp.ts';
import { inMemoryRecords } from './fakes/in-memory-records.ts';
import { InMemoryTrello } from './fakes/in-memory-trello.ts';
import { RecordingNotifier } from './fakes/recording-notifier.ts';
import { anEvent, fixedClock, NOW } from './run-builders.ts';

export const MEMBER_ID = aMember().memberId;
export const WORKSPACES = {
  defaultWorkspaceId: 'ws-all',
  departmentWorkspaces: { Design: 'ws-design', Sales: 'ws-sales' },
};

/** The last event applied to Ana: her hire, in November. */
const HIRED = {
  id: 'evt-hire',
  type: 'employee.hired',
  effectiveAt: '2026-11-01T09:00:00.000Z',
  occurredAt: '2026-10-20T09:00:00.000Z',
};

export async function aProvisionedPerson(
  options: {
    leavePolicy?: LeavePolicy;
    profile?: Partial<PersonProfile>;
    idp?: IdentityProvider | null;
  } = {},
) {
  const records = inMemoryRecords(() => new Date(NOW));
  await records.people.putProfile(
    aProfile({ department: 'Design', lastEvent: HIRED, lastLifecycleEvent: HIRED, ...options.profile }),
    null,
  );
  const trello = new InMemoryTrello();
  trello.add(aMember({ licensed: true }));
  trello.join(MEMBER_ID, 'ws-all', 'ws-design');
  const idp = new InMemoryIdp();
  idp.addUser(anIdpUser());
  const notifier = new RecordingNotifier();
  const deps = {
    ...records,
    clock: fixedClock(),
    notifier,
    trello,
    idp: options.idp === undefined ? idp : options.idp,
    onboarding: WORKSPACES,
    leavePolicy: options.leavePolicy ?? 'keep',
  };
  return { records, trello, idp, notifier, deps };
}

/** An HR update of Ana in December, her data overridden by `employee`. */
export function anUpdate(employee: Partial<ReturnType<typeof anEvent>['employee']> = {}, overrides = {}) {
  const base = anEvent();
  return anEvent({
    id: 'evt-update',
    type: 'employee.updated',
    occurredAt: '2026-11-30T09:00:00.000Z',
    effectiveAt: NOW,
    employee: { ...base.employee, ...employee },
    ...overrides,
  });
}

/** Ana's leave starting (or ending) in December. */
export function aLeave(type: 'employee.leave_started' | 'employee.leave_ended', overrides = {}) {
  return anEvent({
    id: type === 'employee.leave_started' ? 'evt-leave' : 'evt-back',
    type,
    occurredAt: '2026-11-30T09:00:00.000Z',
    effectiveAt: type === 'employee.leave_started' ? NOW : '2026-12-20T09:00:00.000Z',
    ...overrides,
  });
}
