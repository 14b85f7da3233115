/**
 * What the simulators' journals (simulator-journals.ts) say was done to one person, so a test counts
 * Trello-side and IdP-side effects where they landed, across restarts included.
 */
import type { IdpJournalEntry, TrelloJournalEntry } from './simulator-journals.ts';

/**
 * Every Trello and IdP effect on one person (their email, and the Trello accounts that are theirs),
 * from the simulators' journals in journal order, and each one that changed nothing because it
 * was already so (`redundant`: an effect done twice — a second invite, grant, deactivation…).
 */
export function journaledEffects(
  email: string,
  memberIds: Set<string>,
  trelloEntries: TrelloJournalEntry[],
  idpEntries: IdpJournalEntry[],
): { effects: string[]; redundant: string[] } {
  const effects: string[] = [];
  const redundant: string[] = [];
  const deactivated = new Map<string, boolean>();
  const licensed = new Map<string, boolean>();
  const inWorkspace = new Set<string>();
  for (const entry of trelloEntries) {
    if (!entry.ok) continue;
    const [a, b] = entry.args;
    const memberOf = (arg: unknown) =>
      typeof arg === 'string' ? arg : ((arg as { $member?: string } | null)?.$member ?? '');
    switch (entry.op) {
      case 'inviteToWorkspace':
        if (String(b).toLowerCase() !== email) break;
        if (inWorkspace.has(`${a}|${email}`)) redundant.push(`second invite to ${a}`);
        inWorkspace.add(`${a}|${email}`);
        effects.push('inviteToWorkspace');
        break;
      case 'addToWorkspace': {
        const m = memberOf(b);
        if (!memberIds.has(m)) break;
        if (inWorkspace.has(`${a}|${m}`)) redundant.push(`second add of ${m} to ${a}`);
        inWorkspace.add(`${a}|${m}`);
        effects.push('addToWorkspace');
        break;
      }
      case 'removeFromWorkspace':
        if (!memberIds.has(String(b))) break;
        inWorkspace.delete(`${a}|${b}`);
        effects.push('removeFromWorkspace');
        break;
      case 'setDeactivated': {
        const m = String(a);
        if (!memberIds.has(m)) break;
        if ((deactivated.get(m) ?? false) === b) redundant.push(`setDeactivated(${b}) of ${m}, already so`);
        deactivated.set(m, b === true);
        if (b === true) licensed.set(m, false);
        effects.push(`setDeactivated:${b}`);
        break;
      }
      case 'setLicensed': {
        const m = String(a);
        if (!memberIds.has(m)) break;
        if (licensed.get(m) === b) redundant.push(`setLicensed(${b}) of ${m}, already so`);
        licensed.set(m, b === true);
        effects.push(`setLicensed:${b}`);
        break;
      }
      default:
        break;
    }
  }
  // The IdP journals the whole user after each change (a suspension, then the end of its
  // sessions, are two): a line equal to the one before is a write that changed nothing.
  let previous: IdpJournalEntry['user'] | null = null;
  for (const { user } of idpEntries) {
    if (user.email.toLowerCase() !== email) continue;
    if (previous !== null) {
      if (JSON.stringify(user) === JSON.stringify(previous)) redundant.push(`IdP user written unchanged`);
      if (user.signInActive !== previous.signInActive)
        effects.push(user.signInActive ? 'idp:sign-in-on' : 'idp:sign-in-off');
    }
    previous = user;
  }
  return { effects, redundant };
}
