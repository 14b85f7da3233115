/**
 * A leave of absence (`employee.leave_started` / `leave_ended`), for someone Lanyard provisioned,
 * by the deploy config's policy:
 * - `keep`: nothing in Trello or the IdP (the record marks them on leave; sweeps exempt them).
 * - `suspend-sign-in`: the IdP sign-in is cut when the leave starts and restored when it ends; the
 *   Trello seat stays theirs.
 * - `free-seat`: deactivated in Trello when the leave starts (the seat goes back to the pool),
 *   reactivated and granted a seat when it ends — at once, before any queued hire takes the seat
 *   freed meanwhile; without a free seat the run fails and says so (buy one or free one). Trello
 *   refuses to add a deactivated member to a Workspace, so a department change during the leave
 *   moves only the record (apply-profile-event.ts); the return then moves their Workspaces from
 *   the department they left under to the record's (move-workspaces.ts rules, audited).
 * Applied in HR order (the caller refuses stale events first) and before the record changes, so
 * an interrupted leave is done again, and a failed one leaves the record as it was; each change is
 * idempotent and audited once. A
 * termination during the leave is an offboarding as any other (its cuts find the work half done:
 * `already`); a leave end after it changes nothing (the person is no longer `active`).
 * With `leaveApproval` on, a start asks admins instead of changing access, and its change is made
 * only once approved; an end restores only what its start changed (leave-approval.ts).
 */
import { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { IdentityProvider } from '../../ports/identity-provider.ts';
import type { AppliedEvent, PersonProfile } from '../../ports/records/people.ts';
import type { RecordPortName } from '../../ports/records/record-ports.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import { LeaveNotPossibleError } from '../errors.ts';
import { departmentAfter } from '../event-ordering.ts';
import type { OnboardingSettings } from '../onboarding/onboarding-settings.ts';
import { targetWorkspaces } from '../onboarding/onboarding-settings.ts';
import { auditedChange, type RunContext } from '../run-context.ts';
import {
  type LeaveApproval,
  leaveApprovalId,
  leaveStartChanged,
  requestLeaveApproval,
} from './leave-approval.ts';
import type { LeavePolicy } from './leave-policies.ts';
import { followDepartment, hasGaps, moveLines } from './move-workspaces.ts';
import { endProfileRun, failProfileRun, type ProfileRunDeps, startProfileRun } from './profile-event-run.ts';
import { leaveRunId } from './run-ids.ts';

export type LeaveDeps<R extends RecordPortName = RecordPortName> = ProfileRunDeps<R> & {
  trello: TrelloAdmin;
  idp: IdentityProvider | null;
  leavePolicy: LeavePolicy;
  /** The department → Workspace map a `free-seat` return moves the person's Workspaces by. */
  onboarding: Pick<OnboardingSettings, 'defaultWorkspaceId' | 'departmentWorkspaces'>;
  /** Set when deploy config `leaveApproval` is on: a leave start asks admins before its change (leave-approval.ts). */
  leaveApproval?: LeaveApproval | null;
};

export { leaveRunId };

/** Null when the event changes nothing outside the record; else the run it recorded. */
export async function applyLeave(
  event: LifecycleEventDetail,
  before: PersonProfile | null,
  deps: LeaveDeps<'runs' | 'audit'>,
): Promise<{ runId: string; failed: boolean } | null> {
  const leave = leaveOf(event, before, deps.leavePolicy);
  // A leave that already began (or ended) by the record: HR sent it twice under two ids.
  if (leave === null || leave.person.onLeave === leave.starts) return null;
  const { person, starts } = leave;
  const started = person.lastLeaveEvent;
  const startId = started?.type === 'employee.leave_started' ? started.id : null;
  if (deps.leaveApproval) {
    if (starts) return requestLeaveApproval(event, person, deps.leaveApproval, deps);
    // Restoring what the start never took (it waits for, or was refused, its approval) would be a change of its own.
    if (startId !== null && !(await leaveStartChanged(event, startId, deps.leaveApproval, deps))) return null;
  }
  return runLeave(
    event,
    person,
    starts,
    {
      prefix: 'leave',
      what: starts ? 'Leave started' : 'Leave ended',
      startId,
    },
    deps,
  );
}

/** A leave event's direction, for someone `active` under a policy that changes access; else null. */
function leaveOf(
  event: LifecycleEventDetail,
  person: PersonProfile | null,
  policy: LeavePolicy,
): { starts: boolean; person: PersonProfile } | null {
  const starts = event.type === 'employee.leave_started';
  if (!starts && event.type !== 'employee.leave_ended') return null;
  if (policy === 'keep' || person === null || person.lifecycle !== 'active') return null;
  return { starts, person };
}

/**
 * Undoes what a leave event changed when, while it ran, a newer leave event for the person was
 * applied to the record: the newer one read the record before this one wrote it, took its change
 * as made already, and changed nothing, so Trello or the IdP would keep the older event's state
 * against HR order (a leave end delivered while its start still ran). The caller finds its event
 * stale once its change is made; the record then says what the person's access must be. Run
 * `leave-undo:<eventId>`, audited as any leave change; null when nothing needs undoing.
 */
export async function undoLeave(
  event: LifecycleEventDetail,
  now: PersonProfile | null,
  deps: LeaveDeps<'runs' | 'audit'>,
): Promise<{ runId: string; failed: boolean } | null> {
  const leave = leaveOf(event, now, deps.leavePolicy);
  // The record agrees with what this event changed: nothing to undo.
  if (leave === null || leave.person.onLeave === leave.starts) return null;
  // A start under approval changed nothing unless approved (settle-leave-approval.ts makes it then).
  if (
    leave.starts &&
    deps.leaveApproval &&
    (await deps.leaveApproval.approvals.getApproval(leaveApprovalId(event.id)))?.status !== 'approved'
  )
    return null;
  const what = `${leave.starts ? 'Leave start' : 'Leave end'} undone: a newer leave event was applied meanwhile`;
  // Undoing a start restores what the start's own run took.
  return runLeave(
    event,
    leave.person,
    !leave.starts,
    { prefix: 'leave-undo', what, startId: event.id },
    deps,
  );
}

/**
 * A leave start the record holds for someone whose onboarding has just ended with them
 * provisioned (Finish Onboarding calls this once the record says `active`). The leave arrived
 * while they were not `active` yet (before the hire or rehire it follows, or while its onboarding
 * ran), so applyLeave changed nothing then and the record only marked them on leave: its effects
 * are applied now, as the run that leave event would have started (`leave:<eventId>`): a re-run
 * of the finish carries that run on or finds it ended, and its changes are audited once. A leave
 * end applied meanwhile leaves nothing to do; one applied while this ran is followed by undoing it
 * (undoLeave). Null when the record holds no leave to apply under the policy.
 */
export async function applyRecordedLeave(
  employeeId: string,
  deps: LeaveDeps<'people' | 'runs' | 'audit'>,
): Promise<{ runId: string; failed: boolean } | null> {
  const person = await deps.people.getProfile(employeeId);
  const leave = person?.lastLeaveEvent;
  if (person == null || leave == null || !person.onLeave || leave.type !== 'employee.leave_started')
    return null;
  const event = recordedLeaveEvent(person, leave);
  if (leaveOf(event, person, deps.leavePolicy) === null) return null;
  if (deps.leaveApproval) return requestLeaveApproval(event, person, deps.leaveApproval, deps);
  const ran = await runLeave(
    event,
    person,
    true,
    {
      prefix: 'leave',
      what: 'Leave started (recorded before their onboarding ended)',
      startId: null,
      // The record already says on leave, so the same leave sent again would change nothing.
      todo: `Their record says they are on leave, yet their onboarding left their access on: ${deps.leavePolicy === 'suspend-sign-in' ? 'suspend their sign-in in the identity provider' : 'deactivate them in Trello'} by hand.`,
    },
    deps,
  );
  if (ran.failed) return ran;
  return (await undoLeave(event, await deps.people.getProfile(employeeId), deps)) ?? ran;
}

/** The leave event the record names, as the HR event it was (its data, the record's). */
function recordedLeaveEvent(person: PersonProfile, leave: AppliedEvent): LifecycleEventDetail {
  return {
    id: leave.id,
    type: 'employee.leave_started',
    effectiveAt: leave.effectiveAt,
    occurredAt: leave.occurredAt,
    employee: {
      id: person.employeeId,
      email: person.email,
      fullName: person.fullName,
      department: person.department,
      managerEmail: person.managerEmail,
    },
    dryRun: false,
  };
}

/**
 * Cuts (`starts`) or restores access under the policy, as the run `<prefix>:<eventId>`; a restore
 * knows the leave start it ends (`startId`, null when unknown) for the department it began under.
 */
export async function runLeave(
  event: LifecycleEventDetail,
  before: PersonProfile,
  starts: boolean,
  { prefix, what, todo, startId }: { prefix: string; what: string; todo?: string; startId: string | null },
  deps: LeaveDeps<'runs' | 'audit'>,
): Promise<{ runId: string; failed: boolean }> {
  const policy = deps.leavePolicy;
  const summary = `${what} (${policy})`;
  // The department the record holds once the event is applied: a return moves Workspaces to it.
  const { run, proceed, failed } = await startProfileRun(
    event,
    before,
    { prefix, kind: 'leave', summary, department: departmentAfter(event, before) },
    deps,
  );
  if (!proceed) return { runId: run.runId, failed };
  try {
    const { detail, gaps } =
      policy === 'suspend-sign-in'
        ? { detail: await signIn(run, starts, deps), gaps: false }
        : await seat(run, starts, before.trelloMemberId, startId, deps);
    await endProfileRun(
      run,
      'apply-leave',
      {
        status: gaps ? 'succeeded-with-gaps' : 'succeeded',
        outcome: run.dryRun ? 'dry-run' : gaps ? 'applied-with-gaps' : 'applied',
        summary: `${summary}: ${detail}`,
        detail,
      },
      deps,
    );
    if (gaps)
      await deps.notifier.notify({
        kind: 'run-finished',
        title: `Workspaces of ${run.person.fullName} (${run.person.email}) need an admin after their leave`,
        body: detail,
        runId: run.runId,
        approvalId: null,
      });
  } catch (error) {
    await failProfileRun(
      run,
      'apply-leave',
      {
        summary: `${summary}: not applied`,
        title: `${what} for ${run.person.fullName} (${run.person.email}): ${policy} not applied`,
        todo:
          todo ??
          `Their record is left as it was: send the HR event again (a new event id) once the service answers, or ${starts ? 'cut' : 'restore'} their access by hand.`,
      },
      error as Error,
      deps,
    );
    return { runId: run.runId, failed: true };
  }
  return { runId: run.runId, failed: false };
}

async function signIn(run: RunContext, starts: boolean, deps: LeaveDeps<'audit'>): Promise<string> {
  const { idp } = deps;
  if (idp === null)
    throw new LeaveNotPossibleError(
      'No identity provider is configured: the policy suspend-sign-in needs one',
    );
  const user = await idp.findUser(run.person.email);
  if (user === null) throw new LeaveNotPossibleError(`${idp.kind} has no user ${run.person.email}`);
  const verb = starts ? 'suspend' : 'restore';
  if (run.dryRun) return `Would ${verb} ${idp.kind} sign-in of ${run.person.email}`;
  const change = await auditedChange(
    run,
    deps,
    {
      action: starts ? 'suspend-sign-in-for-leave' : 'restore-sign-in-after-leave',
      target: `idp:${idp.kind}:${user.id}`,
      detail: `${verb} ${idp.kind} sign-in of ${run.person.email} (leave of absence)`,
    },
    () => (starts ? idp.deactivate(user, 'sign-in') : idp.reactivate(user, 'sign-in')),
  );
  return `${idp.kind} sign-in ${starts ? 'suspended' : 'restored'}${change === 'already' ? ' (it already was)' : ''}; the Trello seat stays`;
}

async function seat(
  run: RunContext,
  starts: boolean,
  memberId: string | null,
  startId: string | null,
  deps: LeaveDeps<'audit' | 'runs'>,
): Promise<{ detail: string; gaps: boolean }> {
  if (memberId === null) throw new LeaveNotPossibleError('Their record holds no Trello member id');
  if (run.dryRun)
    return {
      detail: starts
        ? `Would deactivate Trello member ${memberId}, freeing the seat`
        : `Would reactivate Trello member ${memberId} and grant a seat`,
      gaps: false,
    };
  if (starts) {
    await auditedChange(
      run,
      deps,
      {
        action: 'deactivate-for-leave',
        target: `member:${memberId}`,
        detail: `deactivate ${run.person.email} in Trello for their leave: the seat is freed`,
      },
      () => deps.trello.setDeactivated(memberId, true),
    );
    return { detail: 'deactivated in Trello; the seat is free until they return', gaps: false };
  }
  await auditedChange(
    run,
    deps,
    {
      action: 'reactivate-after-leave',
      target: `member:${memberId}`,
      detail: `reactivate ${run.person.email} in Trello after their leave`,
    },
    () => deps.trello.setDeactivated(memberId, false),
  );
  await auditedChange(
    run,
    deps,
    {
      action: 'grant-seat-after-leave',
      target: `member:${memberId}`,
      detail: `grant ${run.person.email} a seat again after their leave`,
    },
    () => deps.trello.setLicensed(memberId, true),
  );
  const restored = 'reactivated in Trello and granted a seat';
  const from = await departmentAtLeaveStart(startId, deps);
  const to = run.person.department;
  if (from === undefined) return { detail: restored, gaps: false };
  const [fromTargets, toTargets] = [from, to].map((d) => targetWorkspaces(deps.onboarding, d)) as [
    string[],
    string[],
  ];
  if (fromTargets.join() === toTargets.join()) return { detail: restored, gaps: false };
  // Their department changed while Trello could not move them (deactivated): move them now.
  const plan = await followDepartment(run, memberId, fromTargets, toTargets, deps);
  const moved = moveLines(plan).join('; ') || 'already there';
  return {
    detail: `${restored}; Workspaces moved from ${from ?? '(no department)'} to ${to ?? '(no department)'}, changed during the leave: ${moved}`,
    gaps: hasGaps(plan),
  };
}

/**
 * The department the person's Workspaces followed when their seat was freed: the one the leave
 * start's run was started with (its HR event). Undefined when no such run is on record (the
 * start changed nothing in Trello, e.g. under another policy): then nothing is moved.
 */
async function departmentAtLeaveStart(
  startId: string | null,
  deps: Pick<LeaveDeps<'runs'>, 'runs'>,
): Promise<string | null | undefined> {
  if (startId === null) return undefined;
  const start = LifecycleEventDetail.safeParse((await deps.runs.getRun(leaveRunId(startId)))?.event);
  return start.success ? (start.data.employee.department ?? null) : undefined;
}
