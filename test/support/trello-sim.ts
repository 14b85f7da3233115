/**
 * A Trello simulator plus Lanyard's production Trello adapter pointed at it, for integration tests.
 */
import { InMemoryPacer } from '../../functions/adapters/pacing/in-memory-pacer.ts';
import { TrelloHttpAdmin } from '../../functions/adapters/trello/trello-admin.ts';
import {
  TRELLO_LIMITS,
  TrelloHttp,
  type TrelloHttpOptions,
} from '../../functions/adapters/trello/trello-http.ts';
import type { RequestPacer } from '../../functions/ports/request-pacer.ts';
import {
  startTrelloSimulator,
  type TrelloSimulator,
  type TrelloSimulatorOptions,
} from '../../infra/local/simulators/trello/trello-server.ts';

export interface TrelloFixture {
  sim: TrelloSimulator;
  enterpriseId: string;
  defaultWorkspaceId: string | null;
  /** The adapter with the simulator's admin credentials (override anything for a test). */
  admin(overrides?: Partial<TrelloHttpOptions>): TrelloHttpAdmin;
  /** `/_sim/*` control plane. */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startTrelloFixture(options: TrelloSimulatorOptions = {}): Promise<TrelloFixture> {
  const sim = await startTrelloSimulator({
    preset: 'tiny',
    seed: 1,
    anchor: new Date('2026-11-01T00:00:00Z'),
    ...options,
  });
  const info = sim.info();
  const timeScale = options.timeScale ?? 1;
  const scaled = (l: { max: number; windowMs: number }) => ({ max: l.max, windowMs: l.windowMs * timeScale });
  return {
    sim,
    enterpriseId: info.enterpriseId,
    defaultWorkspaceId: info.defaultWorkspaceId,
    admin(overrides = {}) {
      const pacer: RequestPacer = overrides.pacer ?? new InMemoryPacer();
      return new TrelloHttpAdmin(
        new TrelloHttp({
          baseUrl: `${sim.url}/1`,
          apiKey: info.apiKey,
          apiToken: info.adminToken,
          pacer,
          limits: {
            perKey: scaled(TRELLO_LIMITS.perKey),
            perToken: scaled(TRELLO_LIMITS.perToken),
            membersRoute: scaled(TRELLO_LIMITS.membersRoute),
          },
          backoff: { baseMs: 5, capMs: 50 },
          ...overrides,
        }),
        info.enterpriseId,
      );
    },
    async control<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${sim.url}/_sim${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`control ${method} ${path} answered ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
    close: () => sim.close(),
  };
}
