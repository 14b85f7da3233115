/**
 * The layoff burst's baseline: what public Trello admin scripts do, run against a fresh simulator
 * with the same Enterprise and the same rate windows. Every leaver's requests are fired at once —
 * find the member by email, then deactivate — and a request that fails is tried again up to 3
 * times, 1 s apart (per-person runs without a shared limiter behave the same). It cuts nothing in
 * the IdP: such scripts only deactivate in Trello.
 */

import type { CallSecond } from '../infra/local/simulators/trello/call-stats.ts';
import { startTrelloSimulator } from '../infra/local/simulators/trello/trello-server.ts';

const RETRIES = 3;
const RETRY_AFTER_MS = 1_000;

export interface BaselineResult {
  strategy: 'all at once, 3 retries after 1 s';
  leavers: number;
  /** From the first request until every script gave up or finished. */
  wallMs: number;
  trelloCalls: number;
  rateLimited: number;
  lockouts: number;
  /** Leavers still active in Trello when every script had ended. */
  leftWithAccess: number;
  timeline: CallSecond[];
}

export async function peerScriptBaseline(emails: string[], timeScale: number): Promise<BaselineResult> {
  const sim = await startTrelloSimulator({ preset: '5k', seed: 1, timeScale });
  try {
    const { apiKey, adminToken, enterpriseId } = sim.info();
    const api = async (method: 'GET' | 'PUT', path: string, query: Record<string, string>) => {
      const url = new URL(`${sim.url}/1${path}`);
      for (const [name, value] of Object.entries({ ...query, key: apiKey, token: adminToken })) {
        url.searchParams.set(name, value);
      }
      for (let attempt = 0; ; attempt++) {
        const answer = await fetch(url, { method }).catch(() => null);
        if (answer?.ok) return (await answer.json()) as unknown;
        await answer?.body?.cancel();
        if (attempt === RETRIES) return null;
        await new Promise((r) => setTimeout(r, RETRY_AFTER_MS));
      }
    };
    const offboard = async (email: string) => {
      const found = (await api('GET', `/enterprises/${enterpriseId}/members/query`, {
        managed: 'true',
        search: email,
      })) as
        | { members?: Array<{ member: { id: string; email?: string } }> }
        | Array<{ member: { id: string } }>
        | null;
      const rows = Array.isArray(found) ? found : (found?.members ?? []);
      const id = rows[0]?.member.id;
      if (id) await api('PUT', `/enterprises/${enterpriseId}/members/${id}/deactivated`, { value: 'true' });
    };

    sim.resetCalls();
    const started = Date.now();
    await Promise.all(emails.map(offboard));
    const wallMs = Date.now() - started;
    const calls = sim.calls();
    const members = sim.state.snapshot().members;
    const leftWithAccess = emails.filter((email) => {
      const member = members.find((m) => m.email === email);
      return !member || !sim.state.member(member.id)?.deactivated;
    }).length;
    return {
      strategy: 'all at once, 3 retries after 1 s',
      leavers: emails.length,
      wallMs,
      trelloCalls: calls.total,
      rateLimited: calls.rateLimited,
      lockouts: sim.rateLimitStats().lockouts,
      leftWithAccess,
      timeline: sim.callTimeline(),
    };
  } finally {
    await sim.close();
  }
}
