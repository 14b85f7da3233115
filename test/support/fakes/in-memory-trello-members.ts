/**
 * The Enterprise's members in memory, for unit tests of the core: the part of TrelloAdmin an
 * access cut or a seat grant uses. The Trello simulator (infra/local/simulators/trello) is an HTTP
 * server the integration tests drive through the real adapter and pacer; a unit test needs no
 * process. `refuse` makes every write throw (e.g. AdminHubManagedError); `ignoreWrites` makes a
 * write that the read-back then contradicts.
 */
import type {
  EnterpriseMember,
  MemberPage,
  MemberQuery,
  SeatCount,
  TrelloAdmin,
} from '../../../functions/ports/trello-admin.ts';

export type MemberWrites = Pick<
  TrelloAdmin,
  'findMemberByEmail' | 'queryMembers' | 'setDeactivated' | 'seats'
>;

export class InMemoryTrelloMembers implements MemberWrites {
  readonly members = new Map<string, EnterpriseMember>();
  readonly writes: string[] = [];
  refuse: Error | null = null;
  ignoreWrites = false;
  maxSeats: number | null = 10;

  add(member: EnterpriseMember): void {
    this.members.set(member.memberId, { ...member });
  }

  async findMemberByEmail(email: string): Promise<EnterpriseMember | null> {
    const found = [...this.members.values()].find((m) => m.email?.toLowerCase() === email.toLowerCase());
    return found ? { ...found } : null;
  }

  async queryMembers(query: MemberQuery): Promise<MemberPage> {
    const search = query.search?.toLowerCase();
    const members = [...this.members.values()].filter(
      (m) =>
        (search === undefined ||
          m.email?.toLowerCase().startsWith(search) ||
          m.fullName.toLowerCase().startsWith(search)) &&
        (query.licensed === undefined || m.licensed) &&
        (query.deactivated === undefined || m.deactivated) &&
        (query.managed === undefined || m.managed),
    );
    return { members: members.map((m) => ({ ...m })), nextCursor: null };
  }

  async seats(): Promise<SeatCount> {
    const used = [...this.members.values()].filter((m) => m.licensed && !m.deactivated).length;
    return {
      max: this.maxSeats,
      used,
      available: this.maxSeats === null ? null : Math.max(0, this.maxSeats - used),
    };
  }

  async setDeactivated(memberId: string, deactivated: boolean): Promise<void> {
    if (this.refuse) throw this.refuse;
    this.writes.push(`${deactivated ? 'deactivate' : 'reactivate'} ${memberId}`);
    const member = this.members.get(memberId);
    if (member === undefined) throw new Error(`No member ${memberId}`);
    if (!this.ignoreWrites) member.deactivated = deactivated;
  }
}
