import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { SimEnv } from './api-pipeline.ts';
import { FaultSettings } from './faults.ts';
import type { SimRuntime } from './sim-runtime.ts';
import {
  BoardMemberType,
  BoardPermissionLevel,
  type MemberRecord,
  PresetName,
  QueryCursorStyle,
  TokenKind,
  WorkspaceMemberType,
} from './state-schema.ts';
import { TrelloApiError } from './trello-errors.ts';

/**
 * `/_sim/*`: test and demo controls, kept apart from the Trello surface. No Trello auth, no faults,
 * no rate limits, not counted. It deliberately shows the API key and token values (`/_sim/info`,
 * `/_sim/state`) so a harness can drive the `/1` API; it binds to loopback only.
 */

const TrelloId = z.string().regex(/^[0-9a-fA-F]{24}$/, 'a 24-hex Trello id');
const Instant = z.iso.datetime({ offset: true });

const SeedBody = z.strictObject({
  preset: PresetName,
  seed: z.number().int().optional(),
  anchor: Instant.optional(),
});

const RateLimitBody = z.strictObject({
  timeScale: z.number().positive().max(1_000).optional(),
  enabled: z.boolean().optional(),
  /** Forget current windows and lockouts. */
  reset: z.boolean().optional(),
});

const EnterpriseBody = z.strictObject({
  maxMembers: z.number().int().nonnegative().nullable().optional(),
  adminHub: z.boolean().optional(),
  queryCursorStyle: QueryCursorStyle.optional(),
  /** Fault: `/members/query` ignores `cursor` (always the first page), to test clients' paging loops. */
  ignoreQueryCursor: z.boolean().optional(),
  defaultWorkspaceId: TrelloId.nullable().optional(),
});

const ClockBody = z.strictObject({
  /** null returns to real time. */
  now: Instant.nullable(),
  mode: z.enum(['fixed', 'offset']).default('fixed'),
});

const LoginBody = z.strictObject({
  email: z.email(),
  fullName: z.string().min(1).optional(),
});

const ActivityBody = z.strictObject({ at: Instant.optional() });

const MemberBody = z.strictObject({
  email: z.email(),
  fullName: z.string().min(1),
  username: z
    .string()
    .regex(/^[a-z0-9_]{3,}$/)
    .optional(),
  confirmed: z.boolean().default(true),
  licensed: z.boolean().default(false),
  deactivated: z.boolean().default(false),
  admin: z.boolean().default(false),
  dateLastImpression: Instant.nullable().optional(),
  workspaces: z.array(z.strictObject({ idOrganization: TrelloId, type: WorkspaceMemberType })).default([]),
  boards: z.array(z.strictObject({ idBoard: TrelloId, type: BoardMemberType })).default([]),
});

const BoardBody = z.strictObject({
  name: z.string().min(1),
  idOrganization: TrelloId.nullable().default(null),
  permissionLevel: BoardPermissionLevel.default('org'),
  closed: z.boolean().default(false),
  members: z.array(z.strictObject({ idMember: TrelloId, type: BoardMemberType })).default([]),
});

const OrganizationBody = z.strictObject({
  displayName: z.string().min(1),
  name: z
    .string()
    .regex(/^[a-z0-9_]{3,}$/)
    .optional(),
  enterprise: z.boolean().default(false),
  joinRequestedBy: TrelloId.optional(),
  members: z.array(z.strictObject({ idMember: TrelloId, type: WorkspaceMemberType })).default([]),
});

/** A Workspace's membership restrictions, replaced field by field (see state-schema.ts OrganizationPrefsRecord). */
const RestrictionsBody = z.strictObject({
  /** Allowed email patterns (`*@example.com`, `example.com`, `*.example.com`); empty = anyone. */
  orgInviteRestrict: z.array(z.string().trim().min(1)).optional(),
  /** UNVERIFIED setting (simulator's own): only members the enterprise manages may join. */
  managedOnly: z.boolean().optional(),
  externalMembersDisabled: z.boolean().optional(),
  associatedDomain: z.string().min(1).nullable().optional(),
});

const TokenBody = z.strictObject({
  idMember: TrelloId,
  kind: TokenKind,
  identifier: z.string().min(1).default('Test token'),
  dateExpires: Instant.nullable().default(null),
});

const TokenKindQuery = TokenKind.optional();

class ControlPlaneError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: unknown,
  ) {
    super(message);
  }
}

async function readBody<T>(c: Context<SimEnv>, schema: z.ZodType<T>): Promise<T> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ControlPlaneError(400, 'the body is not valid JSON');
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ControlPlaneError(400, z.prettifyError(parsed.error), parsed.error.issues);
  return parsed.data;
}

function pathId(c: Context<SimEnv>): string {
  const parsed = TrelloId.safeParse(c.req.param('id'));
  if (!parsed.success) throw new ControlPlaneError(400, 'the member id must be a 24-hex Trello id');
  return parsed.data.toLowerCase();
}

function toIsoInstant(value: string): string {
  return new Date(value).toISOString();
}

export function controlPlane(rt: SimRuntime): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const { state } = rt;

  const memberView = (m: MemberRecord) => ({
    ...m,
    managed: state.isManaged(m),
    collaborator: state.isCollaborator(m),
    idOrganizations: state.organizationIdsOf(m.id),
    idBoards: state.boardIdsOf(m.id),
  });

  app.onError((error, c) => {
    if (error instanceof ControlPlaneError) {
      return c.json(
        {
          code: 'INVALID_REQUEST',
          message: error.message,
          ...(error.issues ? { issues: error.issues } : {}),
        },
        error.status as ContentfulStatusCode,
      );
    }
    if (error instanceof TrelloApiError) return c.json(error.toBody(), error.status as ContentfulStatusCode);
    rt.log(`trello-sim: control plane error: ${error.message}`);
    return c.json({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' }, 500);
  });

  app.get('/info', (c) => c.json(rt.info()));

  app.get('/state', (c) => {
    const derived = {
      licensedCount: state.licensedCount,
      seatsAvailable:
        state.enterprise.maxMembers === null ? null : state.enterprise.maxMembers - state.licensedCount,
      boardsWithoutActiveAdmin: state.boardsWithoutActiveAdmin().map((b) => b.id),
      pendingTransfers: state.pendingTransferIds(),
    };
    // The snapshot text is spliced in rather than parsed and re-serialised: 100k presets are ~50 MB.
    const body = `{"derived":${JSON.stringify(derived)},${state.snapshotJson().slice(1)}`;
    return c.body(body, 200, { 'content-type': 'application/json; charset=UTF-8' });
  });

  app.post('/seed', async (c) => {
    const body = await readBody(c, SeedBody);
    rt.reseed(body.preset, body.seed ?? 1, body.anchor === undefined ? undefined : new Date(body.anchor));
    return c.json(rt.info());
  });

  app.get('/calls', (c) =>
    c.json({ ...rt.calls.snapshot(), rateLimits: rt.rateLimiter.stats(), faults: rt.faults.stats() }),
  );
  app.post('/calls/reset', (c) => {
    rt.calls.reset();
    return c.json(rt.calls.snapshot());
  });

  app.get('/faults', (c) => c.json(rt.faults.stats()));
  app.post('/faults', async (c) => {
    rt.faults.configure(await readBody(c, FaultSettings));
    return c.json(rt.faults.stats());
  });
  app.delete('/faults', (c) => {
    rt.faults.clear();
    return c.json(rt.faults.stats());
  });

  app.get('/rate-limits', (c) => c.json(rt.rateLimiter.stats()));
  app.post('/rate-limits', async (c) => {
    const body = await readBody(c, RateLimitBody);
    rt.rateLimiter.configure({
      ...(body.timeScale === undefined ? {} : { timeScale: body.timeScale }),
      ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
    });
    if (body.reset) rt.rateLimiter.reset();
    return c.json(rt.rateLimiter.stats());
  });

  app.get('/enterprise', (c) => c.json({ ...state.enterprise, licensedCount: state.licensedCount }));
  app.post('/enterprise', async (c) => {
    const enterprise = state.configureEnterprise(await readBody(c, EnterpriseBody));
    return c.json({ ...enterprise, licensedCount: state.licensedCount });
  });

  app.get('/clock', (c) => c.json(rt.clock.describe()));
  app.post('/clock', async (c) => {
    const body = await readBody(c, ClockBody);
    if (body.now === null) rt.clock.useRealTime();
    else rt.clock.set(new Date(body.now), body.mode);
    return c.json(rt.clock.describe());
  });

  app.post('/people/login', async (c) => {
    const body = await readBody(c, LoginBody);
    const { member, created } = state.login(body.email, body.fullName);
    return c.json({ created, member: memberView(member) });
  });

  app.post('/members', async (c) => {
    const body = await readBody(c, MemberBody);
    const member = state.createMember({
      email: body.email,
      fullName: body.fullName,
      username: body.username,
      confirmed: body.confirmed,
      licensed: body.licensed,
      deactivated: body.deactivated,
      enterpriseAdmin: body.admin,
      dateLastImpression: body.dateLastImpression == null ? null : toIsoInstant(body.dateLastImpression),
      workspaces: body.workspaces,
      boards: body.boards,
    });
    return c.json(memberView(member));
  });

  app.post('/members/:id/accept-invite', (c) => c.json(memberView(state.acceptInvite(pathId(c)))));

  app.post('/members/:id/activity', async (c) => {
    const id = pathId(c);
    const body = await readBody(c, ActivityBody);
    return c.json(
      memberView(state.recordActivity(id, body.at === undefined ? undefined : new Date(body.at))),
    );
  });

  // An enterprise admin deletes a member's Power-Up and mobile session tokens in the dashboard
  // (ref: NOTES.md §6 [TOK-KB]); `?kind=` narrows it to one kind.
  app.delete('/members/:id/tokens', (c) => {
    const id = pathId(c);
    const kind = TokenKindQuery.safeParse(c.req.query('kind'));
    if (!kind.success) throw new ControlPlaneError(400, 'kind must be one of api, power-up, mobile-session');
    if (!state.member(id)) throw new ControlPlaneError(404, 'no member with this id');
    const kinds = kind.data === undefined ? (['power-up', 'mobile-session'] as const) : [kind.data];
    return c.json({ deleted: state.deleteTokensOf(id, kinds) });
  });

  app.post('/boards', async (c) => {
    const body = await readBody(c, BoardBody);
    return c.json(state.createBoard(body));
  });

  app.post('/organizations', async (c) => {
    const body = await readBody(c, OrganizationBody);
    return c.json(state.createOrganization(body));
  });

  app.post('/organizations/:id/restrictions', async (c) => {
    const body = await readBody(c, RestrictionsBody);
    const org = state.setOrganizationPrefs(c.req.param('id'), {
      ...(body.orgInviteRestrict === undefined ? {} : { orgInviteRestrict: body.orgInviteRestrict }),
      ...(body.managedOnly === undefined ? {} : { managedOnly: body.managedOnly }),
      ...(body.externalMembersDisabled === undefined
        ? {}
        : { externalMembersDisabled: body.externalMembersDisabled }),
      ...(body.associatedDomain === undefined ? {} : { associatedDomain: body.associatedDomain }),
    });
    return c.json(org);
  });

  app.post('/tokens', async (c) => {
    const body = await readBody(c, TokenBody);
    const token = state.createToken({
      ...body,
      dateExpires: body.dateExpires === null ? null : toIsoInstant(body.dateExpires),
    });
    return c.json(token);
  });

  return app;
}
