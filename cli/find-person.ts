/**
 * A person named the way an admin has them at hand: an employee id, an email, or a name. An id is
 * looked up directly; anything else (or an id Lanyard does not know) goes through the admin API's
 * search (`GET /admin/people?q=`), and only an unambiguous answer is taken: the exact email or id,
 * or a name that matches one person alone. An email is never matched by its prefix, so
 * `ana@example.com` does not open `ana.lima@example.com`.
 */
import { z } from 'zod';
import { Person } from '../functions/api/admin/admin-schemas.ts';
import type { AdminClient } from './admin-client.ts';
import { CliError } from './cli-error.ts';

/** The fields of `GET /admin/people?q=` the CLI uses. */
export const PeopleFound = z.object({
  items: z.array(z.object({ employeeId: z.string(), email: z.string(), fullName: z.string() })),
});
type Found = z.infer<typeof PeopleFound>['items'][number];

export async function findPerson(client: AdminClient, who: string): Promise<z.infer<typeof Person>> {
  if (!looksLikeEmail(who)) {
    const person = await client.find(Person, personPath(who));
    if (person !== null) return person;
  }
  const employeeId = await searchOne(client, who);
  return client.request(Person, 'GET', personPath(employeeId));
}

/** The employee id of whoever `who` names (an id is taken as it is, unchecked). */
export async function employeeIdOf(client: AdminClient, who: string): Promise<string> {
  return looksLikeEmail(who) ? searchOne(client, who) : who;
}

async function searchOne(client: AdminClient, who: string): Promise<string> {
  const { items } = await client.request(PeopleFound, 'GET', `/admin/people?q=${encodeURIComponent(who)}`);
  const chosen = pick(items, who);
  if (chosen) return chosen.employeeId;
  if (items.length === 0 || looksLikeEmail(who)) {
    throw new CliError(
      `Lanyard has no record of ${who}; records start with a person's first HR event (npx lanyard event send hired --email …, or npx lanyard import <csv>)`,
      1,
    );
  }
  throw new CliError(
    [
      `${items.length} people match "${who}"; name one by employee id or email:`,
      ...items.map((p) => `  ${p.employeeId}  ${p.fullName} <${p.email}>`),
    ].join('\n'),
    1,
  );
}

/** The person `who` names without doubt: the exact email or id, else the only one found by name. */
export function pick(found: Found[], who: string): Found | undefined {
  const wanted = who.trim().toLowerCase();
  const exact = found.filter(
    (p) => p.email.toLowerCase() === wanted || p.employeeId.toLowerCase() === wanted,
  );
  if (exact.length === 1) return exact[0];
  if (exact.length === 0 && found.length === 1 && !looksLikeEmail(who)) return found[0];
  return undefined;
}

function looksLikeEmail(who: string): boolean {
  return who.includes('@');
}

function personPath(employeeId: string): string {
  return `/admin/people/${encodeURIComponent(employeeId)}`;
}
