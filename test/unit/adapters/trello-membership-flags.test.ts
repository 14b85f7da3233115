/**
 * How the Trello adapter reads `/members/query` rows and the Enterprise's licenses when the
 * optional flags are absent (trello-schemas.ts `Membership`, `Enterprise`): a row missing the
 * tolerant flags (`managed`, `collaborator`, `admin`) no longer rejects the page, each is read
 * with its stated safe default, and a row missing a decisive flag (`licensed`, `deactivated`) is
 * refused only when Lanyard acts on it, naming the member and the flag.
 *
 * A stand-in `TrelloHttp` answers canned bodies: the simulator follows the reference, which always
 * sends every flag, so a partial row is an injected wire shape (no local part can produce it).
 */
import { describe, expect, it } from 'vitest';
import { TrelloHttpAdmin } from '../../../functions/adapters/trello/trello-admin.ts';
import type { TrelloHttp, TrelloRequest } from '../../../functions/adapters/trello/trello-http.ts';
import { TrelloResponseInvalidError } from '../../../functions/core/errors.ts';

const ENTERPRISE = '5abbe4b7ddc1b351ef961414';
const id = (n: number) => n.toString(16).padStart(24, '0');

function adminAnswering(body: unknown): TrelloHttpAdmin {
  const http = {
    async send<T>(request: TrelloRequest<T>): Promise<T> {
      return request.schema.parse(body) as T;
    },
  };
  return new TrelloHttpAdmin(http as unknown as TrelloHttp, ENTERPRISE);
}

const full = (n: number, email: string) => ({
  managed: true,
  licensed: true,
  admin: false,
  deactivated: false,
  collaborator: false,
  member: { id: id(n), email, fullname: `Person ${n}`, username: `p${n}` },
});

describe('members/query rows with absent flags', () => {
  it('reads a page where one row lacks managed, admin and collaborator, with their safe defaults', async () => {
    const sparse = {
      licensed: false,
      deactivated: false,
      member: { id: id(2), email: 'sparse@example.com' },
    };
    const page = await adminAnswering([full(1, 'full@example.com'), sparse]).queryMembers({ managed: true });
    expect(page.members.map((m) => m.email)).toEqual(['full@example.com', 'sparse@example.com']);
    expect(page.members[1]).toMatchObject({
      managed: false, // only words of the onboarding decision: a seat is granted either way
      collaborator: false,
      enterpriseAdmin: true, // an unknown admin flag keeps the seat out of idle sweeps
      licensed: false,
      deactivated: false,
    });
  });

  it('finds a person on a page where another row lacks decisive flags', async () => {
    const broken = { managed: true, member: { id: id(3), email: 'other@example.com' } };
    const admin = adminAnswering([broken, full(4, 'ana@example.com')]);
    expect(await admin.findMemberByEmail('ana@example.com')).toMatchObject({
      memberId: id(4),
      licensed: true,
    });
  });

  it.each([
    ['licensed', { deactivated: false }],
    ['deactivated', { licensed: true }],
    ['licensed and deactivated', { licensed: null }],
  ])('refuses the row Lanyard acts on when it lacks %s, naming the member', async (missing, flags) => {
    const row = { managed: true, ...flags, member: { id: id(5), email: 'leaver@example.com' } };
    const admin = adminAnswering([row]);
    await expect(admin.findMemberByEmail('leaver@example.com')).rejects.toThrow(TrelloResponseInvalidError);
    await expect(admin.queryMembers({ managed: true })).rejects.toThrow(
      new RegExp(`members/query with member ${id(5)} missing ${missing}: .*will not guess`),
    );
  });
});

describe('Enterprise licenses with an absent count', () => {
  it('counts every purchased seat as used when totalMembers is absent (no seat is handed out on a guess)', async () => {
    const seats = await adminAnswering({ id: ENTERPRISE, licenses: { maxMembers: 25 } }).seats();
    expect(seats).toEqual({ max: 25, used: 25, available: 0 });
    const uncapped = await adminAnswering({ id: ENTERPRISE, licenses: { maxMembers: null } }).seats();
    expect(uncapped).toEqual({ max: null, used: 0, available: null });
  });

  it('still requires maxMembers', async () => {
    await expect(adminAnswering({ id: ENTERPRISE, licenses: { totalMembers: 3 } }).seats()).rejects.toThrow();
  });
});
