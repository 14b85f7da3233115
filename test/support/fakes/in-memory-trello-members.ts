/**
 * The Enterprise's members in memory, for unit tests of the core: the part of TrelloAdmin an
 * access cut or a seat grant uses (find, query, license, deactivate, count seats). The Trello
 * simulator (infra/local/simulators/trello) is an HTTP server the integration tests drive through
 * the real adapter and pacer; a unit test needs no process. `refuse` makes every write throw (e.g. AdminHubManagedError); `ignoreWrites` makes a
 * write that the read-back then contradicts.
 */
import { SeatsExhaustedError } from '../../../functions/core/errors.ts';
import type {
  EnterpriseMember,
  LicenseWriteResult,
  MemberPage,
  MemberQuery,
  SeatCount,
  TrelloAdmin,
} from '../../../functions/ports/trello-admin.ts';

export type EnterpriseMembers = Pick<
  TrelloAdmin,
  'findMemberByEmail' | 'queryMembers' | 'setDeactivated' | 'setLicensed' | 'seats'
>;

export class InMemoryTrelloMembers implements EnterpriseMembers {
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

  /** No seat left refuses a grant with SeatsExhaustedError, as the Trello adapter maps Trello's answer. */
  async setLicensed(memberId: string, licensed: boolean): Promise<LicenseWriteResult> {
    if (this.refuse) throw this.refuse;
    const member = this.members.get(memberId);
    if (member === undefined) throw new Error(`No member ${memberId}`);
    if (licensed && !member.licensed && (await this.seats()).available === 0)
      throw new SeatsExhaustedError(`No license seat is left for ${memberId}`);
    this.writes.push(`${licensed ? 'license' : 'unlicense'} ${memberId}`);
    if (!this.ignoreWrites) Object.assign(member, licensed ? { licensed } : { licensed, deactivated: true });
    return { deactivated: member.deactivated };
  }

  async setDeactivated(memberId: string, deactivated: boolean): Promise<void> {
    if (this.refuse) throw this.refuse;
    this.writes.push(`${deactivated ? 'deactivate' : 'reactivate'} ${memberId}`);
    const member = this.members.get(memberId);
    if (member === undefined) throw new Error(`No member ${memberId}`);
    if (!this.ignoreWrites) member.deactivated = deactivated;
  }
}
