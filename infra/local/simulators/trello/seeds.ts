import { createHash } from 'node:crypto';
import { mulberry32, pick, type RandomSource, randomHex, randomInt } from '../prng.ts';
import type {
  BoardMembershipRecord,
  BoardMemberType,
  BoardPermissionLevel,
  BoardRecord,
  MemberRecord,
  OrganizationRecord,
  PresetName,
  StateSnapshot,
  TokenKind,
  TokenRecord,
  WorkspaceMemberType,
} from './state-schema.ts';
import { NO_ORGANIZATION_RESTRICTIONS } from './state-schema.ts';
import { IdFactory } from './trello-ids.ts';

/**
 * Deterministic simulated enterprises. The same (preset, seed, anchor) always gives a
 * byte-identical snapshot: no Math.random, no wall clock. Ids do not depend on the anchor, only
 * dates do ("idle 90 days" is measured back from the anchor, which defaults to the start of the
 * current UTC day so seeded activity stays recent).
 */

export interface SeedOptions {
  preset: PresetName;
  seed: number;
  /** The instant relative dates are computed from. */
  anchor: Date;
}

interface PresetShape {
  members: number;
  humanAdmins: number;
  freeSeats: number;
  boardsPerDepartment: number;
  claimable: number;
  pending: number;
}

const PRESET_SHAPES: Record<PresetName, PresetShape> = {
  tiny: { members: 16, humanAdmins: 1, freeSeats: 2, boardsPerDepartment: 1, claimable: 1, pending: 1 },
  demo: { members: 300, humanAdmins: 2, freeSeats: 20, boardsPerDepartment: 3, claimable: 2, pending: 2 },
  '5k': { members: 5_000, humanAdmins: 2, freeSeats: 100, boardsPerDepartment: 40, claimable: 4, pending: 3 },
  '100k': {
    members: 100_000,
    humanAdmins: 2,
    freeSeats: 1_000,
    boardsPerDepartment: 400,
    claimable: 8,
    pending: 5,
  },
};

export const CLAIMED_DOMAIN = 'example.com';
const GUEST_DOMAINS = ['partner.example.net', 'freemail.test'] as const;
const OUTSIDER_DOMAIN = 'contractor.example.org';
const DEPARTMENTS = ['Engineering', 'Design', 'Sales', 'Marketing', 'Finance', 'People', 'Support'] as const;
/** Ids carry this creation second whatever the anchor, so the same seed keeps the same ids. */
const SEED_EPOCH_MS = Date.UTC(2020, 0, 1);
const DAY_MS = 86_400_000;

type Category =
  | 'active'
  | 'idle30'
  | 'idle60'
  | 'idle90'
  | 'idle180'
  | 'idle400'
  | 'free-managed'
  | 'guest'
  | 'deactivated'
  | 'invitee'
  | 'outsider';

/** Listed first so even `tiny` holds one of every kind. */
const GUARANTEED: Category[] = [
  'active',
  'active',
  'idle30',
  'idle60',
  'idle90',
  'idle180',
  'idle400',
  'free-managed',
  'guest',
  'guest',
  'deactivated',
  'invitee',
  'outsider',
];

const WEIGHTS: [Category, number][] = [
  ['active', 50],
  ['idle30', 6],
  ['idle60', 5],
  ['idle90', 4],
  ['idle180', 3],
  ['idle400', 2],
  ['free-managed', 10],
  ['guest', 8],
  ['deactivated', 5],
  ['invitee', 3],
  ['outsider', 1],
];
const WEIGHT_TOTAL = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);

const IDLE_DAYS: Partial<Record<Category, number>> = {
  idle30: 30,
  idle60: 60,
  idle90: 90,
  idle180: 180,
  idle400: 400,
};

const FIRST_NAMES = [
  'Ana',
  'Bo',
  'Chen',
  'Dara',
  'Elif',
  'Femi',
  'Gita',
  'Hugo',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Aiko',
  'Bruno',
  'Carla',
  'Dmitri',
  'Emma',
  'Farah',
  'Goran',
  'Hana',
  'Ivan',
  'Julia',
  'Kai',
  'Lucia',
  'Malik',
  'Nora',
  'Oskar',
  'Paula',
  'Rafael',
  'Sofia',
  'Tomas',
  'Valeria',
  'Will',
  'Yara',
] as const;

const LAST_NAMES = [
  'Lima',
  'Okafor',
  'Nguyen',
  'Schmidt',
  'Haddad',
  'Kowalski',
  'Tanaka',
  'Silva',
  'Moreau',
  'Rossi',
  'Novak',
  'Ibrahim',
  'Jensen',
  'Costa',
  'Park',
  'Fischer',
  'Mensah',
  'Ortiz',
  'Petrov',
  'Reyes',
  'Sato',
  'Walsh',
  'Yilmaz',
  'Zhang',
  'Andersen',
  'Bauer',
  'Chowdhury',
  'Dubois',
  'Eriksen',
  'Garcia',
  'Hughes',
  'Kim',
  'Larsen',
  'Mendes',
  'Nakamura',
  'Olsen',
  'Popescu',
  'Quintero',
  'Romero',
  'Suzuki',
] as const;

const BOARD_TOPICS = [
  'Roadmap',
  'Sprint',
  'Backlog',
  'Launch',
  'Hiring',
  'Ops',
  'Planning',
  'Retro',
  'Requests',
];
const API_TOKEN_APPS = ['Zapier', 'Butler CLI', 'Jira Cloud', 'Reporting Script', 'Slack'];
const POWER_UPS = [
  'Power-Up: Calendar',
  'Power-Up: Custom Fields',
  'Power-Up: Google Drive',
  'Power-Up: Slack',
];
const MOBILE_APPS = ['Trello for iOS', 'Trello for Android'];

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * `new Date(ms).toISOString()` for integer `ms`, with the date part cached per day: a 100k seed
 * formats a quarter of a million instants, and Date#toISOString dominated generation time.
 */
function isoInstant(ms: number, dayCache: Map<number, string>): string {
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayCache.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayCache.set(day, prefix);
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1_000);
  return `${prefix}${PAD2[hours]}:${PAD2[minutes]}:${PAD2[seconds]}.${PAD3[rest - seconds * 1_000]}Z`;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The 32-hex API key and 64-hex admin token of a seed (stable across days). */
export function seedCredentials(preset: PresetName, seed: number): { apiKey: string; adminToken: string } {
  return {
    apiKey: sha256Hex(`lanyard-sim:key:${preset}:${seed}`).slice(0, 32),
    adminToken: sha256Hex(`lanyard-sim:token:${preset}:${seed}`),
  };
}

/** The start of the UTC day containing `at`: the default seed anchor. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

function weightedCategory(random: RandomSource): Category {
  let roll = random() * WEIGHT_TOTAL;
  for (const [category, weight] of WEIGHTS) {
    roll -= weight;
    if (roll < 0) return category;
  }
  return 'active';
}

interface SeedPerson {
  fullName: string;
  initials: string;
  email: string;
  username: string;
}

interface SeedMember {
  record: MemberRecord;
  category: Category | 'admin';
  department: number;
}

class SeedBuilder {
  readonly random: RandomSource;
  readonly ids: IdFactory;
  readonly anchorMs: number;
  readonly members: SeedMember[] = [];
  readonly organizations: OrganizationRecord[] = [];
  readonly boards: BoardRecord[] = [];
  readonly tokens: TokenRecord[] = [];
  readonly #nameUses = new Map<string, number>();
  readonly #dayCache = new Map<number, string>();

  constructor(options: SeedOptions, machineHex: string) {
    this.random = mulberry32(options.seed ^ 0x5eed);
    this.ids = new IdFactory(machineHex);
    this.anchorMs = Math.floor(options.anchor.getTime());
  }

  id(): string {
    return this.ids.next(SEED_EPOCH_MS);
  }

  daysAgo(days: number, jitterHours = 0): string {
    const jitterMs = jitterHours > 0 ? Math.floor(this.random() * jitterHours * 3_600_000) : 0;
    return isoInstant(this.anchorMs - days * DAY_MS - jitterMs, this.#dayCache);
  }

  /** Unique email/username from a name: the first use is bare, repeats get a number. */
  person(domain: string, first?: string, last?: string): SeedPerson {
    const f = first ?? pick(this.random, FIRST_NAMES);
    const l = last ?? pick(this.random, LAST_NAMES);
    const base = `${f}.${l}`.toLowerCase();
    const uses = this.#nameUses.get(base) ?? 0;
    this.#nameUses.set(base, uses + 1);
    const suffix = uses === 0 ? '' : String(uses + 1);
    return {
      fullName: `${f} ${l}`,
      initials: `${f[0] ?? ''}${l[0] ?? ''}`,
      email: `${base}${suffix}@${domain}`,
      username: `${f}${l}${suffix}`.toLowerCase(),
    };
  }

  addMember(
    category: Category | 'admin',
    person: SeedPerson,
    flags: { licensed: boolean; deactivated: boolean; admin: boolean; confirmed: boolean },
    dateLastImpression: string | null,
  ): SeedMember {
    const id = this.id();
    const member: SeedMember = {
      record: {
        id,
        username: person.username,
        fullName: person.fullName,
        initials: person.initials,
        email: person.email,
        confirmed: flags.confirmed,
        licensed: flags.licensed,
        deactivated: flags.deactivated,
        enterpriseAdmin: flags.admin,
        dateLastImpression,
      },
      category,
      department: randomInt(this.random, 0, DEPARTMENTS.length - 1),
    };
    this.members.push(member);
    return member;
  }

  organization(name: string, displayName: string, idEnterprise: string | null): OrganizationRecord {
    const org: OrganizationRecord = {
      id: this.id(),
      name,
      displayName,
      idEnterprise,
      dateLastActivity: this.daysAgo(randomInt(this.random, 0, 30), 24),
      memberships: [],
      enterpriseJoinRequest: null,
      transferRequestedAt: null,
      prefs: { ...NO_ORGANIZATION_RESTRICTIONS },
    };
    this.organizations.push(org);
    return org;
  }

  join(org: OrganizationRecord, member: MemberRecord, type: WorkspaceMemberType): void {
    org.memberships.push({
      id: this.id(),
      idMember: member.id,
      memberType: type,
      unconfirmed: !member.confirmed,
      deactivated: member.deactivated && org.idEnterprise !== null,
    });
  }

  board(
    name: string,
    org: OrganizationRecord,
    permissionLevel: BoardPermissionLevel,
    members: { member: MemberRecord; type: BoardMemberType }[],
  ): BoardRecord {
    const id = this.id();
    const seen = new Set<string>();
    const memberships: BoardMembershipRecord[] = [];
    for (const { member, type } of members) {
      if (seen.has(member.id)) continue;
      seen.add(member.id);
      memberships.push({
        id: this.id(),
        idMember: member.id,
        memberType: type,
        unconfirmed: !member.confirmed,
        deactivated: member.deactivated && org.idEnterprise !== null,
      });
    }
    const board: BoardRecord = {
      id,
      name,
      shortLink: sha256Hex(`board:${id}`).slice(0, 8),
      closed: false,
      idOrganization: org.id,
      idMemberCreator:
        memberships.find((ms) => ms.memberType === 'admin')?.idMember ?? memberships[0]?.idMember ?? id,
      permissionLevel,
      dateLastActivity: this.daysAgo(randomInt(this.random, 0, 120), 24),
      memberships,
    };
    this.boards.push(board);
    return board;
  }

  token(
    member: MemberRecord,
    kind: TokenKind,
    identifier: string,
    permissions: TokenRecord['permissions'],
    fixedValue?: string,
  ): void {
    const createdDaysAgo = randomInt(this.random, 1, 300);
    // Some API tokens were made with `expiration=30days`; the admin token (fixed value) never expires.
    const expires = kind === 'api' && this.random() < 0.3 && fixedValue === undefined;
    this.tokens.push({
      id: this.id(),
      value: fixedValue ?? randomHex(this.random, 64),
      kind,
      idMember: member.id,
      identifier,
      dateCreated: this.daysAgo(createdDaysAgo, 24),
      dateExpires: expires ? this.daysAgo(createdDaysAgo - 30) : null,
      permissions,
    });
  }
}

function memberFlags(category: Category): { licensed: boolean; deactivated: boolean; confirmed: boolean } {
  switch (category) {
    case 'deactivated':
      return { licensed: false, deactivated: true, confirmed: true };
    case 'free-managed':
    case 'guest':
    case 'outsider':
      return { licensed: false, deactivated: false, confirmed: true };
    case 'invitee':
      return { licensed: true, deactivated: false, confirmed: false };
    default:
      return { licensed: true, deactivated: false, confirmed: true };
  }
}

function lastImpression(b: SeedBuilder, category: Category): string | null {
  const idleDays = IDLE_DAYS[category];
  if (idleDays !== undefined) return b.daysAgo(idleDays + randomInt(b.random, 0, 4), 24);
  switch (category) {
    case 'active':
      return b.daysAgo(randomInt(b.random, 0, 20), 24);
    case 'free-managed':
      return b.daysAgo(randomInt(b.random, 0, 200), 24);
    case 'guest':
      return b.daysAgo(randomInt(b.random, 0, 100), 24);
    case 'deactivated':
      return b.daysAgo(randomInt(b.random, 100, 500), 24);
    case 'outsider':
      return b.daysAgo(randomInt(b.random, 0, 60), 24);
    default:
      return null;
  }
}

function categoryDomain(category: Category, index: number): string {
  if (category === 'guest') return GUEST_DOMAINS[index % GUEST_DOMAINS.length] ?? CLAIMED_DOMAIN;
  if (category === 'outsider') return OUTSIDER_DOMAIN;
  return CLAIMED_DOMAIN;
}

function permissionLevel(b: SeedBuilder): BoardPermissionLevel {
  const roll = b.random();
  if (roll < 0.7) return 'org';
  if (roll < 0.9) return 'private';
  if (roll < 0.95) return 'enterprise';
  return 'public';
}

function take<T>(b: SeedBuilder, pool: readonly T[], count: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < count && pool.length > 0; i++) out.push(pick(b.random, pool));
  return out;
}

/** Builds the snapshot for (preset, seed, anchor). */
export function generateSeed(options: SeedOptions): StateSnapshot {
  const shape = PRESET_SHAPES[options.preset];
  const machineHex = sha256Hex(`lanyard-sim:machine:${options.preset}:${options.seed}`).slice(0, 10);
  const { apiKey, adminToken } = seedCredentials(options.preset, options.seed);
  const b = new SeedBuilder(options, machineHex);
  const enterpriseId = b.id();

  // People. The Lanyard service account owns the admin token; 1–2 human admins follow.
  const service = b.addMember(
    'admin',
    {
      fullName: 'Lanyard Service',
      initials: 'LS',
      email: `lanyard-bot@${CLAIMED_DOMAIN}`,
      username: 'lanyardbot',
    },
    { licensed: true, deactivated: false, admin: true, confirmed: true },
    b.daysAgo(0),
  );
  const humanAdmins: SeedMember[] = [];
  for (let i = 0; i < shape.humanAdmins; i++) {
    humanAdmins.push(
      b.addMember(
        'admin',
        b.person(CLAIMED_DOMAIN),
        { licensed: true, deactivated: false, admin: true, confirmed: true },
        b.daysAgo(randomInt(b.random, 0, 5), 24),
      ),
    );
  }
  const remaining = shape.members - b.members.length;
  for (let i = 0; i < remaining; i++) {
    const category = GUARANTEED[i] ?? weightedCategory(b.random);
    const flags = memberFlags(category);
    b.addMember(
      category,
      b.person(categoryDomain(category, i)),
      { ...flags, admin: false },
      lastImpression(b, category),
    );
  }
  const byCategory = (...categories: (Category | 'admin')[]) =>
    b.members.filter((m) => categories.includes(m.category));

  // Workspaces: the default one, one per department, then claimable and pending outsiders.
  const defaultWorkspace = b.organization('exampleco', 'Example Co', enterpriseId);
  const departments = DEPARTMENTS.map((d) => b.organization(`exampleco_${d.toLowerCase()}`, d, enterpriseId));
  const workforce = byCategory(
    'admin',
    'active',
    'idle30',
    'idle60',
    'idle90',
    'idle180',
    'idle400',
    'deactivated',
  );
  for (const m of [...workforce, ...byCategory('invitee')]) {
    b.join(defaultWorkspace, m.record, m.category === 'admin' ? 'admin' : 'normal');
  }
  const departmentMembers: SeedMember[][] = DEPARTMENTS.map(() => []);
  for (const m of workforce) {
    if (m.category === 'admin') continue;
    departmentMembers[m.department]?.push(m);
    const dept = departments[m.department];
    if (dept) b.join(dept, m.record, 'normal');
  }
  for (const dept of departments) {
    for (const admin of humanAdmins) b.join(dept, admin.record, 'admin');
  }

  const freeManaged = byCategory('free-managed');
  const outsiders = byCategory('outsider');
  const guests = byCategory('guest');
  for (let i = 0; i < shape.claimable; i++) {
    const org = b.organization(`sideproject${i + 1}`, `Side Project ${i + 1}`, null);
    const owner = freeManaged[i % Math.max(1, freeManaged.length)];
    if (owner) b.join(org, owner.record, 'admin');
    for (const m of take(b, freeManaged, 2)) if (m !== owner) b.join(org, m.record, 'normal');
    b.board(
      `Side Project ${i + 1} Ideas`,
      org,
      'private',
      owner ? [{ member: owner.record, type: 'admin' }] : [],
    );
  }
  for (let i = 0; i < shape.pending; i++) {
    const org = b.organization(`partnerhub${i + 1}`, `Partner Hub ${i + 1}`, null);
    const requester = outsiders[i % Math.max(1, outsiders.length)] ?? freeManaged[0];
    if (requester) {
      b.join(org, requester.record, 'admin');
      org.enterpriseJoinRequest = {
        idMember: requester.record.id,
        date: b.daysAgo(randomInt(b.random, 1, 14), 24),
      };
    }
    for (const m of [...take(b, outsiders, 2), ...take(b, freeManaged, 2)]) {
      if (m !== requester) b.join(org, m.record, 'normal');
    }
  }

  // Boards: department boards, many with a sole admin; guests spread so each is on one or more.
  const firstHuman = humanAdmins[0] ?? service;
  let guestCursor = 0;
  departments.forEach((dept, d) => {
    const staff = (departmentMembers[d] ?? []).filter((m) => m.category !== 'deactivated');
    const everyone = departmentMembers[d] ?? [];
    for (let i = 0; i < shape.boardsPerDepartment; i++) {
      const admins = staff.length > 0 ? take(b, staff, b.random() < 0.4 ? 1 : 2) : [firstHuman];
      const members: { member: MemberRecord; type: BoardMemberType }[] = admins.map((m) => ({
        member: m.record,
        type: 'admin',
      }));
      for (const m of take(b, everyone, randomInt(b.random, 2, 8)))
        members.push({ member: m.record, type: 'normal' });
      for (const m of take(b, everyone, randomInt(b.random, 0, 2)))
        members.push({ member: m.record, type: 'observer' });
      const guestCount = b.random() < 0.3 || guestCursor < guests.length ? 1 : 0;
      for (let g = 0; g < guestCount && guests.length > 0; g++) {
        const guest = guests[guestCursor % guests.length];
        guestCursor += 1;
        if (guest) members.push({ member: guest.record, type: b.random() < 0.5 ? 'normal' : 'observer' });
      }
      const board = b.board(
        `${DEPARTMENTS[d]} ${pick(b.random, BOARD_TOPICS)} ${i + 1}`,
        dept,
        permissionLevel(b),
        members,
      );
      board.closed = i > 0 && b.random() < 0.05;
    }
  });
  // Guests left over (small presets) go onto the first department board.
  const firstDeptBoard = b.boards.find((board) => board.idOrganization === departments[0]?.id);
  while (guestCursor < guests.length && firstDeptBoard) {
    const guest = guests[guestCursor];
    guestCursor += 1;
    if (guest) {
      firstDeptBoard.memberships.push({
        id: b.id(),
        idMember: guest.record.id,
        memberType: 'normal',
        unconfirmed: false,
        deactivated: false,
      });
    }
  }
  const everyoneAdmins = [service, ...humanAdmins].map((m) => ({ member: m.record, type: 'admin' as const }));
  b.board('Company Announcements', defaultWorkspace, 'enterprise', everyoneAdmins);
  b.board('Public Roadmap', defaultWorkspace, 'public', [{ member: firstHuman.record, type: 'admin' }]);

  // Tokens of all three kinds; the first active member holds one of each.
  b.token(
    service.record,
    'api',
    'Lanyard',
    [
      { idModel: enterpriseId, modelType: 'enterprise', read: true, write: true },
      { idModel: '*', modelType: 'board', read: true, write: true },
      { idModel: '*', modelType: 'organization', read: true, write: true },
    ],
    adminToken,
  );
  const readWriteBoards = [{ idModel: '*' as const, modelType: 'board' as const, read: true, write: true }];
  const firstActive = byCategory('active')[0];
  for (const m of b.members) {
    if (m === service || !m.record.confirmed) continue;
    const everyKind = m === firstActive;
    if (everyKind || b.random() < 0.1)
      b.token(m.record, 'api', pick(b.random, API_TOKEN_APPS), readWriteBoards);
    if (everyKind || b.random() < 0.15)
      b.token(m.record, 'power-up', pick(b.random, POWER_UPS), readWriteBoards);
    if (everyKind || b.random() < 0.25) {
      b.token(m.record, 'mobile-session', pick(b.random, MOBILE_APPS), [
        { idModel: m.record.id, modelType: 'member', read: true, write: true },
        ...readWriteBoards,
      ]);
    }
  }

  const licensedCount = b.members.filter((m) => m.record.licensed).length;
  return {
    version: 1,
    meta: {
      preset: options.preset,
      seed: options.seed,
      anchor: options.anchor.toISOString(),
      apiKey,
      adminToken,
      serviceAccountId: service.record.id,
      idMachine: machineHex,
    },
    idCounter: b.ids.counter,
    enterprise: {
      id: enterpriseId,
      name: 'example_co',
      displayName: 'Example Co',
      maxMembers: licensedCount + shape.freeSeats,
      claimedDomains: [CLAIMED_DOMAIN],
      adminHub: false,
      defaultWorkspaceId: defaultWorkspace.id,
      queryCursorStyle: 'last-row',
      ignoreQueryCursor: false,
      dateOrganizationPrefsLastUpdated: b.daysAgo(90),
    },
    members: b.members.map((m) => m.record),
    organizations: b.organizations,
    boards: b.boards,
    tokens: b.tokens,
    transfers: [],
  };
}
