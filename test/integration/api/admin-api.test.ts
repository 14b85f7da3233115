/**
 * The admin API and HR ingestion over HTTP on the local stack: the local API server hands API
 * Gateway v2 events to the real handlers, which run against dynalite, the local Step Functions
 * runtime and the Trello simulator. Every response body and every log line of the suite is kept,
 * and none may contain a task token.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideApproval } from '../../../functions/core/approvals/decide-approval.ts';
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { captureLogs } from '../../support/capture-logs.ts';
import {
  hrEvent,
  type StackHarness,
  startStackHarness,
  systemClock,
  waitFor,
} from '../../support/local-stack-harness.ts';

const SUBJECT = 'subject.person@example.com';
const SUBJECT_TOKEN = `subject-${randomBytes(16).toString('hex')}`;
const OTHER_ADMIN = 'other.admin@example.com';
const OTHER_TOKEN = `other-${randomBytes(16).toString('hex')}`;

let h: StackHarness;
const bodies: string[] = [];
let logLines: string[] = [];
const restore: Array<() => void> = [];
const issuedTaskTokens: string[] = [];

beforeAll(async () => {
  // The handlers' JSON log lines are kept for the check below, not printed.
  const logs = captureLogs('DEBUG');
  logLines = logs.lines;
  restore.push(logs.release);
  h = await startStackHarness({
    inMemory: true,
    extraAdminTokens: [
      { who: SUBJECT, token: SUBJECT_TOKEN },
      { who: OTHER_ADMIN, token: OTHER_TOKEN },
    ],
  });
  restore.push(h.stack.runtime.tokens.onRegistered((task) => issuedTaskTokens.push(task.token)));
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);

afterAll(async () => {
  for (const undo of restore) undo();
  await h?.close();
});

async function call(
  method: string,
  path: string,
  options: {
    token?: string | null;
    body?: string;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const token = options.token === undefined ? h.stack.adminToken : options.token;
  const response = await fetch(`${h.stack.api.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body,
  });
  const text = await response.text();
  bodies.push(text);
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, text, json: json as Record<string, unknown> };
}

function signedPost(body: string, secret = h.stack.webhookSecret) {
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const at = new Date();
  return call('POST', '/hr/events', {
    token: null,
    body,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    },
  });
}

describe('authentication', () => {
  it('refuses a request without a token, or with a wrong one, and says what to send', async () => {
    for (const token of [null, 'not-the-token']) {
      const answer = await call('GET', '/admin/runs', { token });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.json).toMatchObject({
        error: 'unauthenticated',
        message: expect.stringMatching(/Bearer/),
      });
    }
  });

  it('attributes every request to the person the token stands for', async () => {
    expect((await call('GET', '/admin/whoami')).json).toEqual({ caller: 'admin@local', via: 'token' });
    expect((await call('GET', '/admin/whoami', { token: OTHER_TOKEN })).json).toEqual({
      caller: OTHER_ADMIN,
      via: 'token',
    });
  });

  it('answers unknown routes 404 (API Gateway) and bad queries 400 with the issues listed', async () => {
    expect((await call('GET', '/nowhere')).status).toBe(404);
    const bad = await call('GET', '/admin/runs?status=bogus');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      error: 'invalid-request',
      issues: [expect.objectContaining({ path: 'status' })],
    });
    const cursor = await call('GET', '/admin/runs?cursor=forged');
    expect(cursor.status).toBe(400);
    expect(cursor.json).toMatchObject({ error: 'invalid-cursor' });
  });
});

describe('OpenAPI description', () => {
  it('is public, generated from the schemas, and describes every admin route without a task token', async () => {
    const answer = await call('GET', '/admin/openapi.json', { token: null });
    expect(answer.status).toBe(200);
    const doc = answer.json as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/admin/whoami',
        '/admin/approvals',
        '/admin/approvals/{id}',
        '/admin/approvals/{id}/approve',
        '/admin/approvals/{id}/reject',
        '/admin/runs',
        '/admin/runs/{runId}',
        '/admin/people/{employeeId}',
        '/admin/seats',
        '/admin/audit',
        '/admin/audit/verify',
        '/admin/imports',
        '/admin/offboardings',
      ]),
    );
    expect(Object.keys((doc.components.schemas.Approval as { properties: object }).properties)).not.toContain(
      'taskToken',
    );
  });
});

describe('HR events over HTTP', () => {
  it('answers 202, then 200 for the same event, 401 unsigned, 400 invalid, 413 too large', async () => {
    const event = hrEvent('employee.hired', { email: 'http.hire@example.com' });
    const { dryRun: _, ...canonical } = event;
    const body = JSON.stringify(canonical);
    expect((await signedPost(body)).status).toBe(202);
    expect((await signedPost(body)).json).toMatchObject({ status: 'duplicate' });
    const unsigned = await call('POST', '/hr/events', { token: null, body });
    expect(unsigned.status).toBe(401);
    expect(unsigned.json.message).toMatch(/Missing header/);
    expect((await signedPost(body, `whsec_${randomBytes(24).toString('base64')}`)).status).toBe(401);
    expect(
      (await signedPost(JSON.stringify({ ...canonical, id: 'evt-x', type: 'employee.fired' }))).status,
    ).toBe(400);
    expect((await signedPost('x'.repeat(70 * 1024))).status).toBe(413);
    await waitFor('the run of the hire', () => h.records.runs.getRun(onboardingRunId(event.id)));
  });
});

describe('a replayed delivery', () => {
  it('(same webhook id, timestamp and signature) is answered as a duplicate and starts nothing', async () => {
    const event = hrEvent('employee.hired', { email: 'replayed@example.com' });
    const { dryRun: _, ...canonical } = event;
    const body = JSON.stringify(canonical);
    const at = new Date();
    const headers = {
      'webhook-id': 'msg_replayed',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(h.stack.webhookSecret).sign('msg_replayed', at, body),
    };
    expect((await call('POST', '/hr/events', { token: null, body, headers })).status).toBe(202);
    const runs = h.stack.runtime.executions.list(h.stack.onboardingArn).length;
    const replay = await call('POST', '/hr/events', { token: null, body, headers });
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ status: 'duplicate', message: 'Already received; nothing started' });
    expect(h.stack.runtime.executions.list(h.stack.onboardingArn).length).toBe(runs);
  });
});

describe('approvals', () => {
  async function pendingSeatApproval(email: string, employeeId: string) {
    await h.control('POST', '/members', { email, fullName: 'Needs Seat' });
    const used = h.stack.trello.state.licensedCount;
    await h.control('POST', '/enterprise', { maxMembers: used });
    const event = hrEvent('employee.hired', { email, id: employeeId });
    const { dryRun: _, ...canonical } = event;
    expect((await signedPost(JSON.stringify(canonical))).status).toBe(202);
    const runId = onboardingRunId(event.id);
    const approval = await waitFor('the seat approval', async () => {
      const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 100 });
      return items.find((a) => a.runId === runId);
    });
    return { approval, runId, used };
  }

  it('lets an admin approve with a comment; the run completes; the decision is single-use', async () => {
    const { approval, runId, used } = await pendingSeatApproval(SUBJECT, 'E-SUBJECT');

    const listed = await call('GET', '/admin/approvals?status=pending');
    expect(listed.status).toBe(200);
    expect((listed.json.items as Array<{ id: string }>).map((a) => a.id)).toContain(approval.id);

    const path = `/admin/approvals/${encodeURIComponent(approval.id)}`;
    expect((await call('POST', `${path}/approve`, { token: null, body: '{}' })).status).toBe(401);
    const own = await call('POST', `${path}/approve`, { token: SUBJECT_TOKEN, body: '{}' });
    expect(own.status).toBe(403);
    expect(own.json).toMatchObject({ error: 'self-approval' });
    expect((await call('POST', `${path}/approve`, { body: '{"comment": 5}' })).status).toBe(400);

    await h.control('POST', '/enterprise', { maxMembers: used + 1 });
    const approved = await call('POST', `${path}/approve`, {
      body: JSON.stringify({ comment: 'bought a seat' }),
    });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({
      status: 'approved',
      decidedBy: 'admin@local',
      comment: 'bought a seat',
    });

    const again = await call('POST', `${path}/reject`, { token: OTHER_TOKEN, body: '{}' });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ error: 'approval-not-pending' });

    const run = await waitFor('the run to finish', async () => {
      const r = await h.records.runs.getRun(runId);
      return r?.status === 'succeeded' ? r : null;
    });
    expect(run.outcome).toBe('licensed');
    const detail = await call('GET', `/admin/runs/${encodeURIComponent(runId)}`);
    expect(detail.status).toBe(200);
    expect((detail.json.audit as Array<{ action: string; result: string }>).map((a) => a.action)).toContain(
      'grant-seat',
    );
    // The record keeps the HR event it was started for (a retry starts it again); the API answers
    // only what its document names, so neither the run nor the run list carries it.
    expect(run.event).toBeDefined();
    expect(detail.json.run).not.toHaveProperty('event');
    const runList = await call('GET', '/admin/runs?limit=100');
    const shown = (runList.json.items as Array<{ runId: string }>).find((r) => r.runId === runId);
    expect(shown).toMatchObject({ runId, outcome: 'licensed' });
    expect(shown).not.toHaveProperty('event');
    const audit = await call('GET', '/admin/audit?since=2000-01-01');
    expect(
      (audit.json.items as Array<{ actor: string; action: string }>).some(
        (a) => a.actor === 'admin:admin@local' && a.action === 'decide-approval',
      ),
    ).toBe(true);
  });

  it('refuses a decision on an expired approval and on an unknown one', async () => {
    const expired = await h.records.approvals.putApproval(
      {
        id: `expired-${Date.now()}`,
        runId: 'run-that-waited-too-long',
        kind: 'seat',
        subjectEmployeeId: null,
        subjectEmail: null,
        question: 'Grant a seat?',
        options: ['approve', 'reject'],
        status: 'pending',
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: '2026-01-02T00:00:00.000Z',
        decidedBy: null,
        decidedAt: null,
        comment: null,
      },
      'opaque-token-never-sent',
    );
    const answer = await call('POST', `/admin/approvals/${expired.id}/approve`, { body: '{}' });
    expect(answer.status).toBe(409);
    expect(answer.json.message).toMatch(/expired/);
    expect((await call('POST', '/admin/approvals/nope/approve', { body: '{}' })).status).toBe(404);
  });
});

describe("the subject's manager, when configured", () => {
  it('is refused like the subject; anyone else may decide', async () => {
    const now = new Date();
    await h.records.people.putProfile(
      {
        employeeId: 'E-MANAGED',
        email: 'managed@example.com',
        fullName: 'Managed Person',
        department: null,
        managerEmail: OTHER_ADMIN,
        trelloMemberId: null,
        lifecycle: 'onboarding',
        onLeave: false,
        lastEvent: null,
        currentRunId: null,
        updatedAt: now.toISOString(),
      },
      null,
    );
    const approval = await h.records.approvals.putApproval(
      {
        id: `managed-${Date.now()}`,
        runId: 'run-managed',
        kind: 'seat',
        subjectEmployeeId: 'E-MANAGED',
        subjectEmail: 'managed@example.com',
        question: 'Grant a seat?',
        options: ['approve', 'reject'],
        status: 'pending',
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
        decidedBy: null,
        decidedAt: null,
        comment: null,
      },
      'T'.repeat(120), // shaped like a task token whose execution is gone
    );
    const deps = {
      ...h.records,
      workflow: h.workflow,
      clock: systemClock,
      excludeSubjectManager: true,
    };
    const input = { approvalId: approval.id, decision: 'rejected' as const, comment: null };
    await expect(decideApproval({ ...input, by: OTHER_ADMIN }, deps)).rejects.toThrow(/manages the subject/);
    // Without the setting the manager may decide (the usual case: a manager asks for a seat).
    await expect(decideApproval({ ...input, by: 'admin@local' }, deps)).resolves.toMatchObject({
      status: 'rejected',
    });
  });
});

describe('people, runs, seats and audit', () => {
  it("shows a person's profile, history and runs; 404 for someone Lanyard never saw", async () => {
    const person = await waitFor('the subject profile', async () => {
      const answer = await call('GET', '/admin/people/E-SUBJECT');
      return answer.status === 200 ? answer : null;
    });
    expect(person.json).toMatchObject({
      profile: { employeeId: 'E-SUBJECT', email: SUBJECT },
      events: [expect.objectContaining({ type: 'employee.hired', stale: false })],
      runs: [expect.objectContaining({ kind: 'onboarding' })],
    });
    const unknown = await call('GET', '/admin/people/NOBODY');
    expect(unknown.status).toBe(404);
    expect(unknown.json.message).toMatch(/no record of employee NOBODY/);
  });

  it('lists runs by status and reads seats from Trello', async () => {
    const runs = await call('GET', '/admin/runs?status=succeeded&limit=5');
    expect(runs.status).toBe(200);
    expect((runs.json.items as Array<{ status: string }>).every((r) => r.status === 'succeeded')).toBe(true);
    const seats = await call('GET', '/admin/seats');
    expect(seats.json).toMatchObject({
      used: h.stack.trello.state.licensedCount,
      total: expect.any(Number),
      checkedAt: expect.any(String),
    });
  });

  it('exports the audit trail as CSV with formulas escaped', async () => {
    const csv = await call('GET', '/admin/audit?since=2000-01-01&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(
      /attachment; filename="lanyard-audit-since-2000-01-01.csv"/,
    );
    const [header, ...rows] = csv.text.trim().split('\n');
    expect(header).toBe(
      'at,actor,action,target,result,detail,runId,employeeId,id,attempt,begunId,seq,prevHash,hash',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect((await call('GET', '/admin/audit?since=yesterday')).status).toBe(400);
  });

  it('verifies the audit trail after an onboarding, and names the entry edited in the table afterwards', async () => {
    const email = 'verify.me@example.com';
    await h.control('POST', '/enterprise', { maxMembers: 10_000 });
    await h.control('POST', '/members', { email, fullName: 'Verify Me' });
    const event = hrEvent('employee.hired', { email, id: 'E-VERIFY' });
    const { dryRun: _, ...canonical } = event;
    expect((await signedPost(JSON.stringify(canonical))).status).toBe(202);
    const runId = onboardingRunId(event.id);
    await waitFor('the onboarding', async () => (await h.records.runs.getRun(runId))?.status === 'succeeded');
    const intact = await call('GET', '/admin/audit/verify');
    expect(intact.status).toBe(200);
    expect(intact.json).toMatchObject({ ok: true, firstBroken: null });
    expect(intact.json.checked).toBeGreaterThan(1);

    const { items } = await h.records.audit.listAudit({ since: '2000-01-01T00:00:00.000Z', limit: 1000 });
    const granted = items.find(
      (e) => e.runId === runId && e.action === 'grant-seat' && e.result === 'succeeded',
    );
    if (!granted) throw new Error('no grant-seat outcome in the audit trail');
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: h.stack.dynamodbEndpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    await db.send(
      new UpdateCommand({
        TableName: h.stack.tableName,
        Key: { pk: `AUDIT#${granted.at.slice(0, 10)}`, sk: `SEQ#${String(granted.seq).padStart(12, '0')}` },
        UpdateExpression: 'SET #result = :failed',
        ExpressionAttributeNames: { '#result': 'result' },
        ExpressionAttributeValues: { ':failed': 'failed' },
      }),
    );
    const broken = await call('GET', '/admin/audit/verify?since=2000-01-01');
    expect(broken.status).toBe(200);
    expect(broken.json).toMatchObject({
      ok: false,
      firstBroken: { day: granted.at.slice(0, 10), seq: granted.seq, id: granted.id, problem: 'edited' },
    });
    expect((await call('GET', '/admin/audit/verify?since=someday')).status).toBe(400);
  });
});

describe('CSV imports', () => {
  const header = 'type,occurredAt,effectiveAt,employeeId,email,fullName,department,managerEmail';
  const row = (id: string, email: string) =>
    `employee.hired,2026-11-20T09:00:00Z,2026-11-20T09:00:00Z,${id},${email},Imported Person,,`;

  it('refuses a file with bad rows, naming each line, and applies none of it', async () => {
    const file = [
      header,
      row('E-IMP-1', 'imp.one@example.com'),
      'employee.fired,2026-11-20T09:00:00Z,2026-11-20T09:00:00Z,E-IMP-2,imp.two@example.com,Two,,',
      row('E-IMP-3', 'not-an-email'),
    ].join('\n');
    const answer = await call('POST', '/admin/imports', { body: file, contentType: 'text/csv' });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      error: 'invalid-csv',
      message: expect.stringMatching(/nothing was imported/),
    });
    expect((answer.json.rows as Array<{ line: number }>).map((r) => r.line)).toEqual([3, 4]);
    expect(await h.records.people.getProfile('E-IMP-1')).toBeNull();
    const runs = await h.records.runs.listRuns({ employeeId: 'E-IMP-1' });
    expect(runs.items).toHaveLength(0);
  });

  it('imports a good file once; the same file again is all duplicates', async () => {
    const file = [
      header,
      row('E-IMP-4', 'imp.four@example.com'),
      row('E-IMP-5', 'imp.five@example.com'),
    ].join('\n');
    const first = await call('POST', '/admin/imports', { body: file, contentType: 'text/csv' });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ rows: 2, accepted: 2, duplicates: 0 });
    const second = await call('POST', '/admin/imports', { body: file, contentType: 'text/csv' });
    expect(second.json).toMatchObject({ rows: 2, accepted: 0, duplicates: 2 });
    expect((await call('POST', '/admin/imports', { body: file })).status).toBe(415);
    await waitFor('the imported hire', () => h.records.people.getProfile('E-IMP-4'));
  });

  it('answers one status per row: added, already-there, refused-by-policy, failed, each with why', async () => {
    const withId = `id,${header}`;
    const hire = (id: string, employeeId: string, email: string, name = 'Row Person') =>
      `${id},employee.hired,2026-11-20T09:00:00Z,2026-11-20T09:00:00Z,${employeeId},${email},${name},,`;
    const first = [
      withId,
      hire('evt-rows-1', 'E-ROWS-1', 'rows.one@example.com'),
      hire('evt-rows-2', 'E-ROWS-2', 'rows.two@example.com'),
    ];
    expect(
      (await call('POST', '/admin/imports', { body: first.join('\n'), contentType: 'text/csv' })).json,
    ).toMatchObject({ statuses: { added: 2, 'already-there': 0, 'refused-by-policy': 0, failed: 0 } });
    await waitFor(
      'the second hire applied',
      async () => (await h.records.people.getProfile('E-ROWS-2'))?.lastEvent ?? null,
    );

    const second = [
      withId,
      hire('evt-rows-1', 'E-ROWS-1', 'rows.one@example.com', 'Another Name'),
      hire('evt-rows-2', 'E-ROWS-2', 'rows.two@example.com'),
      'evt-rows-3,employee.updated,2026-11-01T09:00:00Z,2026-11-01T09:00:00Z,E-ROWS-2,rows.two@example.com,Row Person,Design,',
      hire('evt-rows-4', 'E-ROWS-4', 'rows.four@example.com'),
    ];
    const answer = await call('POST', '/admin/imports', { body: second.join('\n'), contentType: 'text/csv' });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      rows: 4,
      failed: 1,
      statuses: { added: 1, 'already-there': 1, 'refused-by-policy': 1, failed: 1 },
    });
    expect(answer.json.results).toEqual([
      expect.objectContaining({
        line: 2,
        eventId: 'evt-rows-1',
        status: 'failed',
        reason: expect.stringMatching(/already received with a different body.*new event id/),
      }),
      expect.objectContaining({
        line: 3,
        status: 'already-there',
        reason: expect.stringMatching(/Already received/),
      }),
      expect.objectContaining({
        line: 4,
        status: 'refused-by-policy',
        reason: expect.stringMatching(/older in HR order/),
      }),
      expect.objectContaining({ line: 5, eventId: 'evt-rows-4', status: 'added' }),
    ]);
  });
});

describe('secrets', () => {
  it('never sends a task token in a response or writes one to a log line', () => {
    expect(issuedTaskTokens.length).toBeGreaterThan(0);
    // The capture works: the handlers' structured log lines went through it.
    expect(logLines.some((line) => line.includes('"level"'))).toBe(true);
    const seen = [...bodies, ...logLines].join('\n');
    for (const token of issuedTaskTokens) expect(seen).not.toContain(token);
    expect(seen).not.toContain(h.stack.adminToken);
    expect(seen).not.toContain(SUBJECT_TOKEN);
  });
});
