import {
  startTrelloSimulator,
  type TrelloSimulator,
  type TrelloSimulatorOptions,
} from '../../../../infra/local/simulators/trello/trello-server.ts';

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** Any JSON value, indexed loosely: tests assert on wire shapes they do not own. */
// biome-ignore lint/suspicious/noExplicitAny: wire JSON under test
export type Wire = any;

export interface Harness {
  sim: TrelloSimulator;
  enterpriseId: string;
  apiKey: string;
  adminToken: string;
  /** Calls `/1…` with the admin key/token unless `auth` says otherwise. */
  api(
    method: string,
    path: string,
    query?: Record<string, string | number | boolean | undefined>,
    auth?: { key?: string | null; token?: string | null },
  ): Promise<HttpResult<Wire>>;
  /** Calls `/_sim…` with an optional JSON body. */
  control(method: string, path: string, body?: unknown): Promise<HttpResult<Wire>>;
  close(): Promise<void>;
}

async function send(url: string, init: RequestInit): Promise<HttpResult<Wire>> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, text, headers: response.headers };
}

/** Starts a simulator (tiny preset, rate limits off unless asked) and wraps it for tests. */
export async function startHarness(options: TrelloSimulatorOptions = {}): Promise<Harness> {
  const sim = await startTrelloSimulator({ preset: 'tiny', seed: 1, rateLimits: false, ...options });
  const info = sim.info();
  return {
    sim,
    enterpriseId: info.enterpriseId,
    apiKey: info.apiKey,
    adminToken: info.adminToken,
    api(method, path, query = {}, auth = {}) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
      const key = auth.key === undefined ? info.apiKey : auth.key;
      const token = auth.token === undefined ? info.adminToken : auth.token;
      if (key !== null) params.set('key', key);
      if (token !== null) params.set('token', token);
      return send(`${sim.url}${path}?${params.toString()}`, { method });
    },
    control(method, path, body) {
      return send(`${sim.url}/_sim${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
    },
    close: () => sim.close(),
  };
}

/** Every page of a `/members/query`, following the cursor in whichever style the simulator answers. */
export async function queryAllMembers(h: Harness, query: Record<string, string | boolean>): Promise<Wire[]> {
  const rows: Wire[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const res = await h.api('GET', `/1/enterprises/${h.enterpriseId}/members/query`, { ...query, cursor });
    if (res.status !== 200) throw new Error(`members/query answered ${res.status}: ${res.text}`);
    const pageRows: Wire[] = Array.isArray(res.body) ? res.body : res.body.members;
    rows.push(...pageRows);
    const next: string | null | undefined = Array.isArray(res.body)
      ? pageRows.length === 100
        ? pageRows[pageRows.length - 1]?.member.id
        : null
      : res.body.cursor;
    if (!next) return rows;
    cursor = next;
  }
  throw new Error('members/query did not end');
}
