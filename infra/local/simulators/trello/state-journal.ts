/**
 * Journals the simulated Enterprise's changes, so a simulator started on a state file comes back
 * from `kill -9` knowing everything it answered. The model's operations are synchronous and
 * deterministic given the clock (enterprise-state.ts), so the journal records each outermost
 * operation — its name, arguments and instant — and replaying those calls in order at those
 * instants rebuilds the model byte for byte, ids included. Every operation that changes the model
 * is named in STATE_CHANGES; test/unit/simulators/trello-state-journal.test.ts fails on a method
 * of EnterpriseState that is neither listed there nor among the reads it knows.
 */
import { z } from 'zod';
import { COMPACT_AFTER_CHANGES, type DurableStateContents, DurableStateFile } from '../durable-state-file.ts';
import { EnterpriseState } from './enterprise-state.ts';
import { SimClock } from './sim-clock.ts';
import { parseStateSnapshot, type StateSnapshot } from './state-schema.ts';

export const STATE_CHANGES = [
  'setLicensed',
  'setDeactivated',
  'addToWorkspace',
  'inviteToWorkspace',
  'setOrganizationPrefs',
  'removeFromWorkspace',
  'transferOrganization',
  'requestTransfer',
  'setBoardMember',
  'removeBoardMember',
  'deleteToken',
  'deleteTokensOf',
  'createToken',
  'createMember',
  'login',
  'acceptInvite',
  'recordActivity',
  'createBoard',
  'createOrganization',
  'configureEnterprise',
  'applyAdminHubAccess',
] as const satisfies readonly (keyof EnterpriseState)[];
export type StateChange = (typeof STATE_CHANGES)[number];

const JournalEntry = z.object({
  /** The sim clock's instant (ms) the operation ran at. */
  at: z.number(),
  op: z.enum(STATE_CHANGES),
  args: z.array(z.unknown()),
  /** Whether it returned (true) or threw (false): replay must end the same way. */
  ok: z.boolean(),
});
type JournalEntry = z.infer<typeof JournalEntry>;

type Operation = (...args: unknown[]) => unknown;

/**
 * Arguments as JSON: a member record of the live model travels as its id (addToWorkspace and
 * setBoardMember take the record), a Date as its ISO text.
 */
function encodeArg(state: EnterpriseState, arg: unknown): unknown {
  if (arg instanceof Date) return { $date: arg.toISOString() };
  if (typeof arg === 'object' && arg !== null && 'id' in arg && typeof arg.id === 'string') {
    if (state.member(arg.id) === arg) return { $member: arg.id };
  }
  return arg;
}

/**
 * A copy taken before the operation runs (a record may keep a reference to an argument), without
 * trailing omitted arguments (JSON would turn them into nulls).
 */
function encodeArgs(state: EnterpriseState, args: unknown[]): unknown[] {
  const given = [...args];
  while (given.length > 0 && given[given.length - 1] === undefined) given.pop();
  return structuredClone(given.map((arg) => encodeArg(state, arg)));
}

function decodeArg(state: EnterpriseState, arg: unknown): unknown {
  if (typeof arg !== 'object' || arg === null) return arg;
  if ('$date' in arg && typeof arg.$date === 'string') return new Date(arg.$date);
  if ('$member' in arg && typeof arg.$member === 'string') {
    const member = state.member(arg.$member);
    if (!member) throw new Error(`the journal names member ${arg.$member}, whom the model does not hold`);
    return member;
  }
  return arg;
}

function operationOf(state: EnterpriseState, op: StateChange): Operation {
  return (state[op] as Operation).bind(state);
}

/**
 * Opens the model kept at `file`: the handle to journal with, and the model it holds (its journal
 * replayed over its snapshot), or null on a first start.
 */
export function openModelFile(file: string): { store: DurableStateFile; saved: StateSnapshot | null } {
  const { store, contents } = DurableStateFile.open(file);
  try {
    return { store, saved: replayedSnapshot(contents, file) };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** The snapshot `contents` holds with its journal replayed over it, or null when it holds none. */
function replayedSnapshot(contents: DurableStateContents, file: string): StateSnapshot | null {
  if (contents.snapshot === null) return null;
  const clock = new SimClock();
  const state = new EnterpriseState(clock, parseStateSnapshot(JSON.parse(contents.snapshot)));
  contents.entries.forEach((raw, index) => {
    const parsed = JournalEntry.safeParse(raw);
    if (!parsed.success) throw new Error(`${file}.journal entry ${index + 1} is not a model operation`);
    const entry = parsed.data;
    let ok = true;
    try {
      clock.during(entry.at, () =>
        operationOf(state, entry.op)(...entry.args.map((arg) => decodeArg(state, arg))),
      );
    } catch {
      ok = false;
    }
    if (ok !== entry.ok)
      throw new Error(
        `${file}.journal entry ${index + 1} (${entry.op}) ${entry.ok ? 'failed' : 'succeeded'} on replay ` +
          `but ${entry.ok ? 'succeeded' : 'failed'} when it ran: the journal does not belong to ${file}`,
      );
  });
  return state.snapshot();
}

/**
 * From now on, every change to `state` is appended to `store` before the operation returns (so
 * before any answer), and a restore (reseed) writes a new snapshot. Compacts once at the start,
 * then every `compactAfter` changes.
 */
export function journalStateChanges(
  state: EnterpriseState,
  clock: SimClock,
  store: DurableStateFile,
  compactAfter = COMPACT_AFTER_CHANGES,
): void {
  store.compact(state.snapshotJson());
  let depth = 0;
  for (const op of STATE_CHANGES) {
    const operation = operationOf(state, op);
    const journaled: Operation = (...args) => {
      // Operations call one another (createMember → addToWorkspace): only the outermost is
      // journaled, since replaying it repeats the inner ones.
      if (depth > 0) return operation(...args);
      const entry: Omit<JournalEntry, 'ok'> = { at: clock.nowMs(), op, args: encodeArgs(state, args) };
      depth += 1;
      let ok = false;
      try {
        const result = clock.during(entry.at, () => operation(...args));
        ok = true;
        return result;
      } finally {
        depth -= 1;
        store.append({ ...entry, ok }, () => state.snapshotJson(), compactAfter);
      }
    };
    Object.defineProperty(state, op, { value: journaled, configurable: true, writable: true });
  }
  const restore = state.restore.bind(state);
  state.restore = (snapshot) => {
    restore(snapshot);
    store.compact(state.snapshotJson());
  };
}
