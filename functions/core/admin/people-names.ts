/**
 * Names and emails next to employee ids: the console and the CLI show people, not ids. One
 * batched read of the profiles for a whole page of runs, approvals or audit entries.
 */
import type { People } from '../../ports/records/people.ts';

export interface PersonName {
  fullName: string;
  email: string;
}

/** The name and email of each employee id Lanyard has a record of (absent ones are left out). */
export async function namesOf(
  employeeIds: Iterable<string | null | undefined>,
  people: Pick<People, 'getProfiles'>,
): Promise<Map<string, PersonName>> {
  const wanted = [
    ...new Set([...employeeIds].filter((id): id is string => typeof id === 'string' && id !== '')),
  ];
  if (wanted.length === 0) return new Map();
  const profiles = await people.getProfiles(wanted);
  return new Map(
    [...profiles].map(([id, profile]) => [id, { fullName: profile.fullName, email: profile.email }]),
  );
}

/** Each item with `person`: the name and email behind `idOf(item)`, or null. */
export async function withNames<T>(
  items: T[],
  idOf: (item: T) => string | null | undefined,
  people: Pick<People, 'getProfiles'>,
): Promise<Array<T & { person: PersonName | null }>> {
  const names = await namesOf(items.map(idOf), people);
  return items.map((item) => ({ ...item, person: names.get(idOf(item) ?? '') ?? null }));
}
