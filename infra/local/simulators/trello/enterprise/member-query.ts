/** `/members/query`: the Enterprise's members filtered, in id order, a page after a cursor. */
import { upperBound } from '../state-index.ts';
import type { MemberRecord } from '../state-schema.ts';
import { isCollaborator, isEnterpriseMember, isManaged } from './membership-status.ts';
import type { StateStore } from './state-store.ts';

/** A `/members/query` filter; dates are ISO instants (midnight UTC of the YYYY-MM-DD given). */
export interface MemberQueryFilter {
  licensed?: boolean;
  deactivated?: boolean;
  collaborator?: boolean;
  managed?: boolean;
  admin?: boolean;
  activeSince?: string;
  inactiveSince?: string;
  /** Lower-case prefix of email or full name. */
  search?: string;
}

export interface MemberQueryPage {
  rows: MemberRecord[];
  /** Id of the last row when at least one more row matches, else null. */
  nextCursor: string | null;
}

function matches(store: StateStore, member: MemberRecord, filter: MemberQueryFilter): boolean {
  if (filter.licensed !== undefined && member.licensed !== filter.licensed) return false;
  if (filter.deactivated !== undefined && member.deactivated !== filter.deactivated) return false;
  if (filter.admin !== undefined && member.enterpriseAdmin !== filter.admin) return false;
  if (filter.managed !== undefined && isManaged(store, member) !== filter.managed) return false;
  const seen = member.dateLastImpression;
  if (filter.activeSince !== undefined && (seen === null || seen < filter.activeSince)) return false;
  if (filter.inactiveSince !== undefined && seen !== null && seen >= filter.inactiveSince) return false;
  if (
    filter.search !== undefined &&
    !member.email.startsWith(filter.search) &&
    !member.fullName.toLowerCase().startsWith(filter.search)
  ) {
    return false;
  }
  // Collaborator status walks the member's board memberships, so it is checked last.
  if (filter.collaborator !== undefined && isCollaborator(store, member) !== filter.collaborator) {
    return false;
  }
  return isEnterpriseMember(store, member);
}

/**
 * One page in member-id order, starting after `afterId`. Starts by binary search and stops one
 * match past the page, so paging 100,000 members never rescans from the beginning.
 */
export function queryMembers(
  store: StateStore,
  filter: MemberQueryFilter,
  afterId: string | null,
  limit: number,
): MemberQueryPage {
  const sorted = store.index.membersSorted;
  const rows: MemberRecord[] = [];
  for (let i = afterId === null ? 0 : upperBound(sorted, afterId.toLowerCase()); i < sorted.length; i++) {
    const member = sorted[i];
    if (member === undefined || !matches(store, member, filter)) continue;
    if (rows.length === limit) return { rows, nextCursor: rows[rows.length - 1]?.id ?? null };
    rows.push(member);
  }
  return { rows, nextCursor: null };
}
