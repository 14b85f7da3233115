import type {
  BoardMembershipRecord,
  BoardRecord,
  EnterpriseRecord,
  MemberRecord,
  OrganizationRecord,
  StateMeta,
  StateSnapshot,
  TokenRecord,
  TransferRecord,
  WorkspaceMembershipRecord,
} from './state-schema.ts';
import { IdFactory } from './trello-ids.ts';

/**
 * Everything derived from a snapshot: the records plus the maps that keep lookups cheap (by id,
 * email, username and name; members in id order for cursor paging; each member's memberships).
 */
export interface StateIndex {
  meta: StateMeta;
  enterprise: EnterpriseRecord;
  ids: IdFactory;
  claimedDomains: Set<string>;
  members: Map<string, MemberRecord>;
  /** Members sorted by id: `/members/query` pages start from a cursor by binary search. */
  membersSorted: MemberRecord[];
  memberIdByEmail: Map<string, string>;
  memberIdByUsername: Map<string, string>;
  organizations: Map<string, OrganizationRecord>;
  organizationIdByName: Map<string, string>;
  boards: Map<string, BoardRecord>;
  tokensByValue: Map<string, TokenRecord>;
  workspaceMembershipsOf: Map<string, Map<string, WorkspaceMembershipRecord>>;
  boardMembershipsOf: Map<string, Map<string, BoardMembershipRecord>>;
  transfers: TransferRecord[];
  licensedCount: number;
}

/** Index of the first member whose id sorts after `id`. */
export function upperBound(sorted: readonly MemberRecord[], id: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const probe = sorted[mid];
    if (probe !== undefined && probe.id <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function nestedIndex<T extends { idMember: string }>(
  index: Map<string, Map<string, T>>,
  memberId: string,
): Map<string, T> {
  let inner = index.get(memberId);
  if (!inner) {
    inner = new Map();
    index.set(memberId, inner);
  }
  return inner;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function isSortedById(records: readonly { id: string }[]): boolean {
  for (let i = 1; i < records.length; i++) {
    const prev = records[i - 1];
    const next = records[i];
    if (prev && next && prev.id >= next.id) return false;
  }
  return true;
}

/** Indexes a snapshot. The state takes ownership of its objects (callers hand over fresh ones). */
export function indexSnapshot(data: StateSnapshot): StateIndex {
  const loaded: StateIndex = {
    meta: data.meta,
    enterprise: data.enterprise,
    ids: new IdFactory(data.meta.idMachine, data.idCounter),
    claimedDomains: new Set(data.enterprise.claimedDomains.map((d) => d.toLowerCase())),
    members: new Map(),
    membersSorted: isSortedById(data.members) ? data.members : [...data.members].sort(byId),
    memberIdByEmail: new Map(),
    memberIdByUsername: new Map(),
    organizations: new Map(),
    organizationIdByName: new Map(),
    boards: new Map(),
    tokensByValue: new Map(),
    workspaceMembershipsOf: new Map(),
    boardMembershipsOf: new Map(),
    transfers: data.transfers,
    licensedCount: 0,
  };
  for (const member of loaded.membersSorted) {
    loaded.members.set(member.id, member);
    loaded.memberIdByEmail.set(member.email, member.id);
    loaded.memberIdByUsername.set(member.username, member.id);
    if (member.licensed) loaded.licensedCount += 1;
  }
  for (const org of data.organizations) {
    loaded.organizations.set(org.id, org);
    loaded.organizationIdByName.set(org.name, org.id);
    for (const ms of org.memberships) nestedIndex(loaded.workspaceMembershipsOf, ms.idMember).set(org.id, ms);
  }
  for (const board of data.boards) {
    loaded.boards.set(board.id, board);
    for (const ms of board.memberships) nestedIndex(loaded.boardMembershipsOf, ms.idMember).set(board.id, ms);
  }
  for (const token of data.tokens) loaded.tokensByValue.set(token.value, token);
  return loaded;
}
