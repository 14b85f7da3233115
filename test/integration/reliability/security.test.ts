/**
 * Security checks as tests, on the local stack (what test/integration/api/admin-api.test.ts and
 * workflows/run-states-and-retry.test.ts already prove is not repeated here):
 * - every route the admin API's OpenAPI document puts behind the bearer scheme refuses a missing
 *   token and every wrong one (another's hash, a prefix, a case change, a second header, a token
 *   in the query or a cookie, another scheme) with 401, a message and `WWW-Authenticate: Bearer`,
 *   before reading anything else of the request, and changes nothing;
 * - an approval refuses its subject under any alias of their address (case, `+tag`, consumer
 *   Gmail dots and googlemail.com) and under the address on their HR record now; a decision sent
 *   eight times at once by two admins is applied once (one 200, the rest 409) and resumes the
 *   workflow once;
 * - the log lines of the whole file (DEBUG level: everything Lanyard can say) hold no secret
 *   (admin tokens, webhook secret, Trello key and token, IdP credentials, task tokens) and no
 *   personal data (the emails and names of the seeded people and of the hires made here).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../functions/api/admin/authenticate.ts';
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { captureLogs } from '../../support/capture-logs.ts';
import { hrEvent, type StackHarness, startStackHarness, waitFor } from '../../support/local-stack-harness.ts';
import { rawRequest } from '../../support/raw-http.ts';
import { sideEffects } from '../../support/side-effects.ts';
import { postSignedHrEvent } from '../../support/signed-delivery.ts';

/** The subject of the approvals below, on a consumer Gmail address, and the admins who are them. */
const SUBJECT = 'rosa.alias@gmail.com';
const SUBJECT_NAME = 'Rosa Alias';
const NEW_EMAIL = 'rosa.renamed@example.com';
const tokenFor = (label: string) => `${label}-${randomBytes(16).toString('hex')}`;
const ALIASES = {
  case: { who: 'Rosa.Alias@GMAIL.com', token: tokenFor('case') },
  tagAndDots: { who: 'r.o.s.a.alias+admin@googlemail.com', token: tokenFor('dots') },
  newAddress: { who: 'Rosa.Renamed+it@example.com', token: tokenFor('new') },
};
const OTHER_ADMIN = { who: 'other.admin@example.com', token: tokenFor('other') };

let h: StackHarness;
let logLines: string[] = [];
const restore: Array<() => void> = [];
const taskTokens: string[] = [];

beforeAll(async () => {
  const logs = captureLogs('DEBUG');
  logLines = logs.lines;
  restore.push(logs.release);
  h = await startStackHarness({ inMemory: true, extraAdminTokens: [...Object.values(ALIASES), OTHER_ADMIN] });
  restore.push(h.stack.runtime.tokens.onRegistered((task) => taskTokens.push(task.token)));
}, 120_000);

afterAll(async () => {
  for (const undo of restore) undo();
  await h?.close();
});

interface OpenApiDocument {
  security?: unknown[];
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

describe('admin authentication on every route of the OpenAPI document', () => {
  it('refuses a missing or wrong token with 401 before reading the request, and changes nothing', async () => {
    const doc = (await (await fetch(`${h.stack.api.url}/admin/openapi.json`)).json()) as OpenApiDocument;
    const guarded = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => (op.security ?? doc.security ?? []).length > 0)
        .map(([method]) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'x') })),
    );
    expect(guarded.length).toBeGreaterThan(20);
    expect(guarded.map((r) => r.path)).not.toContain('/keep-seat'); // public: the link's secret is its authentication

    const token = h.stack.adminToken;
    const wrong: Array<[string, Record<string, string | string[]>, string]> = [
      ['no token', {}, ''],
      ['an unknown token', { authorization: `Bearer ${tokenFor('unknown')}` }, ''],
      ['an empty bearer', { authorization: 'Bearer ' }, ''],
      ['the stored hash of the token', { authorization: `Bearer ${sha256Hex(token)}` }, ''],
      ['the token cut short', { authorization: `Bearer ${token.slice(0, -1)}` }, ''],
      ['the token with a character more', { authorization: `Bearer ${token}x` }, ''],
      ['the token in upper case', { authorization: `Bearer ${token.toUpperCase()}` }, ''],
      ['another scheme', { authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` }, ''],
      ['the token without a scheme', { authorization: token }, ''],
      ['two Authorization headers', { authorization: [`Bearer ${tokenFor('x')}`, `Bearer ${token}`] }, ''],
      ['the token in the query', {}, `?access_token=${token}`],
      ['the token in a cookie', { cookie: `token=${token}; authorization=Bearer%20${token}` }, ''],
    ];
    const before = await sideEffects(h);
    const refusals: string[] = [];
    for (const route of guarded) {
      for (const [label, headers, query] of wrong) {
        const answer = await rawRequest(
          h.stack.api.url,
          route.method,
          `${route.path}${query}`,
          { ...headers, 'content-type': 'application/json' },
          // A body no route accepts: a 400 would show the request read before the caller was known.
          route.method === 'GET' ? undefined : '{"not json',
        );
        if (answer.status !== 401 || typeof answer.json.message !== 'string')
          refusals.push(
            `${route.method} ${route.path} with ${label}: ${answer.status} ${JSON.stringify(answer.json)}`,
          );
      }
    }
    expect(refusals).toEqual([]);
    expect(await sideEffects(h)).toEqual(before);
  });
});

describe('approvals', () => {
  /** A hire Trello knows, with every seat taken: the run waits on a seat approval about them. */
  async function pendingSeatApproval(email: string, fullName: string, employeeId: string) {
    await h.control('POST', '/members', { email, fullName });
    await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount });
    const event = hrEvent('employee.hired', { email, fullName, id: employeeId });
    const { dryRun: _, ...canonical } = event;
    const body = JSON.stringify(canonical);
    const accepted = await postSignedHrEvent(h.stack.api.url, h.stack.webhookSecret, body);
    expect(accepted.status).toBe(202);
    const runId = onboardingRunId(event.id);
    const approval = await waitFor('the seat approval', async () => {
      const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 100 });
      return items.find((a) => a.runId === runId);
    });
    return { approval, runId, employee: canonical.employee };
  }

  const decide = (id: string, token: string, decision: 'approve' | 'reject', comment: string) =>
    rawRequest(
      h.stack.api.url,
      'POST',
      `/admin/approvals/${encodeURIComponent(id)}/${decision}`,
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      JSON.stringify({ comment }),
    );

  it('refuses the subject under every alias and under the address on their HR record now; one of eight concurrent decisions applies', async () => {
    const { approval, runId, employee } = await pendingSeatApproval(SUBJECT, SUBJECT_NAME, 'E-ROSA');
    for (const alias of [ALIASES.case, ALIASES.tagAndDots]) {
      const own = await decide(approval.id, alias.token, 'approve', 'mine');
      expect(own.status, alias.who).toBe(403);
      expect(own.json).toMatchObject({ error: 'self-approval', message: expect.stringContaining('subject') });
    }

    // HR changes the address: the person is still the subject under the new one.
    const profile = await h.records.people.getProfile(employee.id);
    if (!profile) throw new Error('the hire has no profile');
    const { version, ...unversioned } = profile;
    await h.records.people.putProfile({ ...unversioned, email: NEW_EMAIL }, version);
    const renamed = await decide(approval.id, ALIASES.newAddress.token, 'approve', 'still mine');
    expect(renamed.status).toBe(403);

    await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount + 1 });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        decide(approval.id, i % 2 === 0 ? h.stack.adminToken : OTHER_ADMIN.token, 'approve', `race ${i}`),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.json).toMatchObject({ error: 'approval-not-pending', message: expect.any(String) });

    const run = await waitFor('the approved run to finish', async () => {
      const r = await h.records.runs.getRun(runId);
      return r?.status === 'succeeded' ? r : null;
    });
    expect(run.outcome).toBe('licensed');
    // One decision: its attempt (begun) and its outcome, by one of the two admins.
    const decisions = (await h.records.audit.runAudit(runId)).filter(
      (a) => a.entry.action === 'decide-approval',
    );
    expect(decisions.map((a) => a.entry.result).sort()).toEqual(['begun', 'succeeded']);
    expect(new Set(decisions.map((a) => a.entry.actor)).size).toBe(1);
    expect(h.stack.trello.state.memberByEmail(SUBJECT)).toMatchObject({ licensed: true });
  });
});

describe('logs', () => {
  it('hold no secret and no personal data, at DEBUG, over everything this file did', async () => {
    // An offboarding too, so its steps' log lines are among those scanned.
    const leaver = h.stack.trello.state.memberByEmail(SUBJECT);
    if (!leaver) throw new Error('the approved hire is not in Trello');
    await h.control('POST', '/enterprise', { maxMembers: 10_000 });
    const event = hrEvent('employee.terminated', { email: SUBJECT, fullName: SUBJECT_NAME, id: 'E-ROSA' });
    const { dryRun: _, ...canonical } = event;
    const body = JSON.stringify({ ...canonical, urgent: true });
    const sent = await postSignedHrEvent(h.stack.api.url, h.stack.webhookSecret, body);
    expect(sent.status).toBe(202);
    await waitFor(
      'the leaver deactivated',
      async () => h.stack.trello.state.member(leaver.id)?.deactivated,
      60_000,
    );

    expect(taskTokens.length).toBeGreaterThan(0);
    expect(logLines.some((line) => line.startsWith('{"level"'))).toBe(true); // the capture works
    const info = h.stack.trello.info();
    const secrets = [
      h.stack.adminToken,
      h.stack.webhookSecret,
      ...Object.values(ALIASES).map((a) => a.token),
      OTHER_ADMIN.token,
      info.apiKey,
      info.adminToken,
      ...Object.values(h.stack.idp?.credentials ?? {}),
      ...taskTokens,
    ].filter((s) => s.length >= 8);
    const people = h.stack.trello.state
      .snapshot()
      .members.filter((m) => m.id !== info.serviceAccountId)
      .flatMap((m) => [m.email, m.fullName]);
    const personal = [
      ...people,
      SUBJECT,
      SUBJECT_NAME,
      NEW_EMAIL,
      ...Object.values(ALIASES).map((a) => a.who),
    ];
    const log = logLines.join('\n').toLowerCase();
    expect(secrets.filter((s) => log.includes(s.toLowerCase()))).toEqual([]);
    expect([...new Set(personal)].filter((p) => p.length >= 6 && log.includes(p.toLowerCase()))).toEqual([]);
  });
});
