/**
 * The people search index: small items that let `GET /admin/people?q=` find a person by the
 * start of their email, employee id, full name or any later word of their name (a surname) with
 * one Query, never a Scan of the table.
 *
 * | pk                  | sk                      | what                                   |
 * |---------------------|-------------------------|----------------------------------------|
 * | PEOPLESEARCH#<char> | <term>\u0000<employeeId> | one searchable term of one person      |
 *
 * `<char>` is the term's first character, so the items spread over a few dozen partitions and a
 * prefix query (which always knows its first character) reads exactly one. Terms are lower-case
 * with accents removed, so "jose" finds "José". The index items are written after the profile
 * (putProfile) and never deleted: a term left behind by a changed email or name is dropped on
 * read, because the profile, read back, decides whether the person still matches.
 */
import type { ItemKey } from './keys.ts';

export const PEOPLE_SEARCH_PREFIX = 'PEOPLESEARCH#';
/** Sort-key separator: below every printable character, so `ana` sorts before `ana lima`. */
const SEPARATOR = '\u0000';
/** DynamoDB sort keys hold 1024 bytes; no real name or email comes near this. */
const MAX_TERM_LENGTH = 200;

/** Lower case, accents removed, runs of spaces made one: how both terms and queries are compared. */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TERM_LENGTH);
}

/** What a person can be found by: email, employee id, full name, and each later word of the name. */
export function searchTermsOf(person: { employeeId: string; email: string; fullName: string }): string[] {
  const name = normalizeSearchText(person.fullName);
  const laterWords = name.split(' ').slice(1);
  const terms = [
    normalizeSearchText(person.email),
    normalizeSearchText(person.employeeId),
    name,
    ...laterWords,
  ];
  return [...new Set(terms.filter((term) => term.length > 0))];
}

/** Whether the person (as stored now) still matches the query, so stale index items drop out. */
export function matchesSearch(
  person: { employeeId: string; email: string; fullName: string },
  query: string,
): boolean {
  return searchTermsOf(person).some((term) => term.startsWith(query));
}

export function searchIndexKey(term: string, employeeId: string): ItemKey {
  return { pk: searchPartition(term), sk: `${term}${SEPARATOR}${employeeId}` };
}

/** The one partition holding every term that starts like `normalizedQuery`. */
export function searchPartition(normalizedQuery: string): string {
  return `${PEOPLE_SEARCH_PREFIX}${Array.from(normalizedQuery)[0] ?? ''}`;
}
