import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { handleApiRequest, type SimEnv } from './api-pipeline.ts';
import type { CallSecond, CallStatsSnapshot } from './call-stats.ts';
import { controlPlane } from './control-plane.ts';
import type { EnterpriseState } from './enterprise-state.ts';
import type { FaultSettings } from './faults.ts';
import type { RateLimitStats } from './rate-limits.ts';
import { honoPath } from './route-kit.ts';
import { boardRoutes } from './routes/boards.ts';
import { enterpriseRoutes } from './routes/enterprises.ts';
import { memberRoutes } from './routes/members.ts';
import { organizationRoutes } from './routes/organizations.ts';
import { tokenRoutes } from './routes/tokens.ts';
import type { SimClock } from './sim-clock.ts';
import { type SimInfo, SimRuntime } from './sim-runtime.ts';
import { journalStateChanges, openModelFile } from './state-journal.ts';
import type { PresetName, StateSnapshot } from './state-schema.ts';

export interface TrelloSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** @default 'demo' */
  preset?: PresetName;
  /** @default 1 */
  seed?: number;
  /** Instant the seed's relative dates count back from. @default start of the current UTC day (sim clock) */
  anchor?: Date;
  /** Start from a saved snapshot (see `parseStateSnapshot`) instead of generating `preset`. */
  snapshot?: StateSnapshot;
  /**
   * Keep the model in this file: start from what it holds (else from `snapshot` or `preset`), and
   * journal every change before answering, so even a killed simulator restarts with it
   * (durable-state-file.ts). Omitted: the model lives in memory only.
   */
  stateFile?: string;
  /** Start the sim clock here (it then runs on); omitted = real time. */
  now?: Date;
  /** Scales rate-limit windows and AdminHub delays: 0.01 turns 10 s windows into 100 ms. @default 1 */
  timeScale?: number;
  /** @default true */
  rateLimits?: boolean;
  /** Request log lines (route templates and statuses, never keys or tokens). @default silent */
  log?: (line: string) => void;
}

export interface TrelloSimulator {
  /** e.g. `http://127.0.0.1:43121`; the Trello API is under `${url}/1`. */
  readonly url: string;
  readonly port: number;
  /** The live model (same object across reseeds). */
  readonly state: EnterpriseState;
  readonly clock: SimClock;
  info(): SimInfo;
  calls(): CallStatsSnapshot;
  /** The requests of each second since the calls were last reset. */
  callTimeline(): CallSecond[];
  resetCalls(): void;
  rateLimitStats(): RateLimitStats;
  setTimeScale(timeScale: number): void;
  setFaults(settings: FaultSettings | null): void;
  reseed(preset: PresetName, seed?: number, anchor?: Date): SimInfo;
  close(): Promise<void>;
}

const API_ROUTES = [
  ...enterpriseRoutes,
  ...organizationRoutes,
  ...boardRoutes,
  ...memberRoutes,
  ...tokenRoutes,
];

function createTrelloApp(rt: SimRuntime): Hono<SimEnv> {
  // strict: `/1/tokens/{token}/` (official, with slash) and `/1/tokens/{token}` are different paths.
  const app = new Hono<SimEnv>({ strict: true });
  app.route('/_sim', controlPlane(rt));
  app.all('/_sim/*', (c) => c.json({ code: 'NOT_FOUND', message: 'no such control-plane route' }, 404));
  for (const route of API_ROUTES)
    app.on(route.method, honoPath(route.path), (c) => handleApiRequest(c, route, rt));
  // UNVERIFIED: trailing-slash variants of documented paths are unknown routes (404).
  app.all('/1/*', (c) => handleApiRequest(c, null, rt));
  app.notFound((c) => c.json({ code: 'NOT_FOUND', message: 'route not found' }, 404));
  return app;
}

/** Starts the Trello Enterprise simulator on 127.0.0.1. */
export async function startTrelloSimulator(options: TrelloSimulatorOptions = {}): Promise<TrelloSimulator> {
  const durable = options.stateFile === undefined ? null : openModelFile(options.stateFile);
  const rt = new SimRuntime({
    preset: options.preset ?? 'demo',
    seed: options.seed ?? 1,
    anchor: options.anchor,
    snapshot: durable?.saved ?? options.snapshot,
    now: options.now,
    timeScale: options.timeScale ?? 1,
    rateLimits: options.rateLimits ?? true,
    log: options.log ?? (() => undefined),
  });
  if (durable) journalStateChanges(rt.state, rt.clock, durable.store);
  // The last snapshot is written once no request can change the model any more.
  const closeStore = () => {
    try {
      durable?.store.compact(rt.state.snapshotJson());
    } finally {
      durable?.store.close();
    }
  };
  const app = createTrelloApp(rt);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  }).catch((error: unknown) => {
    rt.close();
    closeStore();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | null = null;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state: rt.state,
    clock: rt.clock,
    info: () => rt.info(),
    calls: () => rt.calls.snapshot(),
    callTimeline: () => rt.calls.timeline(),
    resetCalls: () => rt.calls.reset(),
    rateLimitStats: () => rt.rateLimiter.stats(),
    setTimeScale: (timeScale) => rt.rateLimiter.configure({ timeScale }),
    setFaults: (settings) => (settings === null ? rt.faults.clear() : rt.faults.configure(settings)),
    reseed: (preset, seed = 1, anchor) => {
      rt.reseed(preset, seed, anchor);
      return rt.info();
    },
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        rt.close();
        server.close(() => {
          try {
            closeStore();
            resolve();
          } catch (error) {
            reject(error);
          }
        });
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closed;
    },
  };
}
