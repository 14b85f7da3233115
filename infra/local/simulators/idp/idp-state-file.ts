/**
 * An IdP simulator's users kept in a file (durable-state-file.ts): a snapshot of every user, and
 * a journal line with the whole user each time one is added or changed, written before the
 * simulator answers. So a user Lanyard suspended stays suspended across restarts, a killed
 * simulator's included. Only the users shared by every provider are kept; what a provider holds
 * beside them (Okta's logins that differ from the email, Google's aliases, Atlassian's API tokens
 * and directory memberships) starts afresh.
 */
import { z } from 'zod';
import type { IdpKind } from '../../../../functions/ports/identity-provider.ts';
import { DurableStateFile } from '../durable-state-file.ts';
import type { SimUser } from './idp-sim-kit.ts';

const SimUserRecord = z.object({
  id: z.string().min(1),
  email: z.string().min(1),
  givenName: z.string(),
  familyName: z.string(),
  signInActive: z.boolean(),
  accountActive: z.boolean(),
  status: z.string(),
  activeSessions: z.number().int().nonnegative(),
});

const IdpStateSnapshot = z.object({
  version: z.literal(1),
  kind: z.string(),
  users: z.array(SimUserRecord),
});

const JournalEntry = z.object({ user: SimUserRecord });

export class IdpStateFile {
  private constructor(
    private readonly kind: IdpKind,
    private readonly store: DurableStateFile,
  ) {}

  /** Opens `file` for a `kind` simulator: the handle, and the users it holds (journal replayed), oldest first. */
  static open(file: string, kind: IdpKind): { stateFile: IdpStateFile; users: SimUser[] } {
    const { store, contents } = DurableStateFile.open(file);
    try {
      return { stateFile: new IdpStateFile(kind, store), users: savedUsers(file, kind, contents) };
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /** Records a user as they are now (an upsert by id on replay); `users` is every user, for a compaction. */
  journal(user: SimUser, users: () => readonly SimUser[]): void {
    this.store.append({ user }, () => this.snapshotOf(users()));
  }

  /** Writes every user as the new snapshot and empties the journal. */
  compact(users: readonly SimUser[]): void {
    this.store.compact(this.snapshotOf(users));
  }

  private snapshotOf(users: readonly SimUser[]): string {
    return JSON.stringify({ version: 1, kind: this.kind, users });
  }

  /** Compacts a last time and closes the file. */
  close(users: readonly SimUser[]): void {
    try {
      this.compact(users);
    } finally {
      this.store.close();
    }
  }
}

function savedUsers(
  file: string,
  kind: IdpKind,
  contents: { snapshot: string | null; entries: unknown[] },
): SimUser[] {
  if (contents.snapshot === null) return [];
  const snapshot = IdpStateSnapshot.safeParse(JSON.parse(contents.snapshot));
  if (!snapshot.success)
    throw new Error(`${file} is not an IdP simulator's state: ${snapshot.error.message}`);
  if (snapshot.data.kind !== kind)
    throw new Error(
      `${file} holds the users of a ${snapshot.data.kind} simulator, not ${kind}: give each IdP its own state file`,
    );
  const byId = new Map(snapshot.data.users.map((user) => [user.id, user]));
  contents.entries.forEach((raw, index) => {
    const entry = JournalEntry.safeParse(raw);
    if (!entry.success) throw new Error(`${file}.journal entry ${index + 1} is not a user`);
    byId.set(entry.data.user.id, entry.data.user);
  });
  return [...byId.values()];
}
