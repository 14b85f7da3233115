/**
 * Malformed input over HTTP on the local stack is a 4xx that says what was wrong and what to
 * send — never a 500 — and is logged as a WARN, never an ERROR (DESIGN.md "Malformed input
 * anywhere is a 4xx with a message"):
 * - a body that is not JSON (400) or not declared JSON (415) on `POST /keep-seat` and on every
 *   admin route that takes a JSON body (read from the OpenAPI description, so new routes are
 *   covered as they come);
 * - on `POST /hr/events`: a signed body that is not JSON (400), a webhook-* header sent twice
 *   (400), a timestamp that is not Unix seconds (400);
 * - a path with undecodable percent-encoding (`%ff`) on the local API server (400);
 * - a body over the local API server's cap, sent chunked and without end: 413 while it is still
 *   being sent, having read no more than the cap.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../../functions/composition/powertools.ts';
import { hrEvent, type StackHarness, startStackHarness } from '../../support/local-stack-harness.ts';
import { type RawAnswer, rawRequest } from '../../support/raw-http.ts';
import { signedDeliveryHeaders } from '../../support/signed-delivery.ts';

let h: StackHarness;
const logLines: string[] = [];
const restore: Array<() => void> = [];

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = String(chunk);
      if (!text.startsWith('{"level"')) return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      logLines.push(text);
      return true;
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = write;
    });
  }
  logger.setLogLevel('DEBUG');
  restore.push(() => logger.setLogLevel('SILENT'));
  h = await startStackHarness({ inMemory: true });
}, 120_000);

afterAll(async () => {
  for (const undo of restore) undo();
  await h?.close();
});

/** A request to the local API as raw HTTP (test/support/raw-http.ts). */
const raw = (
  method: string,
  path: string,
  headers: Record<string, string | string[]>,
  body?: string | Buffer,
) => rawRequest(h.stack.api.url, method, path, headers, body);

const admin = () => ({ authorization: `Bearer ${h.stack.adminToken}` });

function expectRefusal(answer: RawAnswer, status: number, error: string, says: RegExp) {
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  expect(answer.json.error).toBe(error);
  expect(String(answer.json.message)).toMatch(says);
}

function levelsOf(lines: string[]) {
  return lines.map((l) => (JSON.parse(l) as { level: string; message: string }).level);
}

describe('JSON bodies of the admin API and POST /keep-seat', () => {
  it('answers a body that is not JSON 400 and one that is not declared JSON 415, on every JSON route', async () => {
    const doc = (await raw('GET', '/admin/openapi.json', {})).json as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, op]) => op.requestBody?.content['application/json'] !== undefined)
        .map(([method, _]) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'x') })),
    );
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /keep-seat', 'POST /admin/offboardings', 'POST /admin/sweeps']),
    );
    const before = logLines.length;
    for (const { method, path } of routes) {
      const headers = path === '/keep-seat' ? {} : admin();
      expectRefusal(
        await raw(method, path, { ...headers, 'content-type': 'application/json' }, '{"token": "abc",'),
        400,
        'invalid-json',
        /not valid JSON: send one JSON object/,
      );
      expectRefusal(
        await raw(method, path, { ...headers, 'content-type': 'text/plain' }, 'token=abc'),
        415,
        'unsupported-media-type',
        /takes a JSON body: send it with "Content-Type: application\/json" \(got "text\/plain"\)/,
      );
      expectRefusal(
        await raw(method, path, headers, Buffer.from('{"token":"abc"}')),
        415,
        'unsupported-media-type',
        /none was sent/,
      );
    }
    const refusals = logLines.slice(before).filter((l) => l.includes('admin API request refused'));
    expect(refusals).toHaveLength(routes.length * 3);
    expect(new Set(levelsOf(refusals))).toEqual(new Set(['WARN']));
    expect(levelsOf(logLines.slice(before))).not.toContain('ERROR');
  });
});

describe('POST /hr/events', () => {
  const body = () => {
    const { dryRun: _, ...event } = hrEvent('employee.hired', {
      email: `malformed.${randomBytes(3).toString('hex')}@example.com`,
    });
    return JSON.stringify(event);
  };
  const signed = (text: string) => signedDeliveryHeaders(h.stack.webhookSecret, text);

  it('answers a signed body that is not JSON 400, saying what to send', async () => {
    const before = logLines.length;
    for (const text of ['not json at all', '{"id": "evt-1",', '\u0000\u0001']) {
      expectRefusal(
        await raw('POST', '/hr/events', signed(text), text),
        400,
        'invalid-body',
        /not JSON: send one canonical HR event as a JSON object/,
      );
    }
    const lines = logLines.slice(before).filter((l) => l.includes('hr event answered'));
    expect(levelsOf(lines)).toEqual(['WARN', 'WARN', 'WARN']);
  });

  it.each([
    ['webhook-timestamp', /webhook-timestamp was sent more than once/],
    ['webhook-id', /webhook-id was sent more than once/],
    ['webhook-signature', /webhook-signature was sent more than once/],
  ])('answers a doubled %s 400, naming it', async (name, says) => {
    const text = body();
    const headers: Record<string, string | string[]> = signed(text);
    const value = headers[name] as string;
    headers[name] = [value, value];
    const answer = await raw('POST', '/hr/events', headers, text);
    expectRefusal(answer, 400, 'invalid-header', says);
    expect(String(answer.json.message)).toMatch(/send webhook-id, webhook-timestamp .* once each/);
  });

  it('answers a timestamp that is not Unix seconds 400, and a missing signature still 401', async () => {
    const text = body();
    const headers = { ...signed(text), 'webhook-timestamp': new Date().toISOString() };
    expectRefusal(await raw('POST', '/hr/events', headers, text), 400, 'invalid-header', /Unix seconds/);
    const { 'webhook-signature': _, ...unsigned } = signed(text);
    expect((await raw('POST', '/hr/events', unsigned, text)).status).toBe(401);
  });
});

describe('the local API server', () => {
  it.each([
    ['GET', '/admin/runs/%ff'],
    ['POST', '/hr/events/%ff'],
    ['GET', '/console/%E0%A4%A'],
  ])('answers %s %s (undecodable percent-encoding) 400, saying how to encode', async (method, path) => {
    const answer = await raw(method, path, admin(), method === 'POST' ? '{}' : undefined);
    expectRefusal(answer, 400, 'invalid-path', /not valid percent-encoding: encode each byte/);
  });

  /** Starts a CSV upload with these headers; `answer` resolves with the status as soon as it comes. */
  function startUpload(headers: Record<string, string>) {
    const url = new URL(h.stack.api.url);
    const request = http.request({
      method: 'POST',
      host: url.hostname,
      port: url.port,
      path: '/admin/imports',
      headers: { ...admin(), 'content-type': 'text/csv', ...headers },
    });
    let answered = false;
    const answer = new Promise<number>((resolve, reject) => {
      request.on('response', (response) => {
        answered = true;
        resolve(response.statusCode ?? 0);
        response.resume();
        request.destroy();
      });
      request.on('error', (error) => {
        if (!answered) reject(error);
      });
    });
    return { request, answer, answered: () => answered };
  }

  it('refuses a chunked body without end 413 once it passes the cap, without reading the rest', async () => {
    const cap = 6 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const upload = startUpload({ 'transfer-encoding': 'chunked' });
    let sent = 0;
    let sentWhenAnswered = 0;
    void upload.answer.then(() => {
      sentWhenAnswered = sent;
    });
    // Sends until answered (never ends the body), honouring back-pressure; gives up at 256 MB.
    const pump = () => {
      while (!upload.answered() && sent < 256 * 1024 * 1024) {
        sent += chunk.length;
        if (!upload.request.write(chunk)) {
          upload.request.once('drain', pump);
          return;
        }
      }
    };
    pump();
    expect(await upload.answer).toBe(413);
    // Read no further than the cap and what the sockets hold in between: far from the 256 MB offered.
    expect(sentWhenAnswered).toBeGreaterThan(cap);
    expect(sentWhenAnswered).toBeLessThan(cap + 32 * 1024 * 1024);
  });

  it('refuses a body whose Content-Length is over the cap at once', async () => {
    const upload = startUpload({ 'content-length': String(7 * 1024 * 1024) });
    upload.request.write('id,type\n'); // and nothing more: the answer must not wait for the body
    expect(await upload.answer).toBe(413);
  });
});
