import { setTimeout as delay } from 'node:timers/promises';
import { CallStats } from './call-stats.ts';
import { EnterpriseState } from './enterprise-state.ts';
import { FaultInjector } from './faults.ts';
import { RateLimiter } from './rate-limits.ts';
import { generateSeed, startOfUtcDay } from './seeds.ts';
import { SimClock } from './sim-clock.ts';
import type { PresetName, StateSnapshot } from './state-schema.ts';

/** How long an AdminHub Workspace transfer takes to apply at timeScale 1 (UNVERIFIED: Trello gives no figure). */
export const ADMINHUB_TRANSFER_DELAY_MS = 2_000;

export interface SimInfo {
  enterpriseId: string;
  defaultWorkspaceId: string | null;
  apiKey: string;
  adminToken: string;
  preset: string;
  seed: number;
  members: number;
  anchor: string;
  serviceAccountId: string;
  /** Trello's rate windows are this fraction of the real ones (1: as Trello's). */
  timeScale: number;
}

export interface SimRuntimeOptions {
  preset: PresetName;
  seed: number;
  anchor?: Date;
  /** Start from this snapshot instead of generating the preset. */
  snapshot?: StateSnapshot;
  /** Sim clock start; omitted = real time. */
  now?: Date;
  timeScale: number;
  rateLimits: boolean;
  log: (line: string) => void;
}

/**
 * Everything one simulator instance owns (model, clock, limits, faults, counters, pending AdminHub
 * transfers), shared by the `/1` API and the `/_sim` control plane.
 */
export class SimRuntime {
  readonly clock = new SimClock();
  readonly state: EnterpriseState;
  readonly rateLimiter: RateLimiter;
  readonly faults = new FaultInjector();
  readonly calls = new CallStats();
  readonly log: (line: string) => void;
  readonly #abort = new AbortController();
  readonly #transferTimers = new Map<string, NodeJS.Timeout>();

  constructor(options: SimRuntimeOptions) {
    if (options.now) this.clock.set(options.now, 'offset');
    this.log = options.log;
    this.rateLimiter = new RateLimiter({ timeScale: options.timeScale, enabled: options.rateLimits });
    this.state = new EnterpriseState(
      this.clock,
      options.snapshot ?? this.#generate(options.preset, options.seed, options.anchor),
    );
    this.#resumePendingTransfers();
  }

  #generate(preset: PresetName, seed: number, anchor?: Date): StateSnapshot {
    return generateSeed({ preset, seed, anchor: anchor ?? startOfUtcDay(this.clock.now()) });
  }

  /** The one time-scale knob: rate-limit windows and AdminHub transfer delays follow it. */
  get timeScale(): number {
    return this.rateLimiter.settings.timeScale;
  }

  /** Reloads a preset; windows and pending transfers of the old seed are dropped. */
  reseed(preset: PresetName, seed: number, anchor?: Date): void {
    this.#cancelTransfers();
    this.state.restore(this.#generate(preset, seed, anchor));
    this.rateLimiter.reset();
  }

  restore(snapshot: StateSnapshot): void {
    this.#cancelTransfers();
    this.state.restore(snapshot);
    this.rateLimiter.reset();
    this.#resumePendingTransfers();
  }

  /** Resolves after `ms`, or at once when the simulator closes. */
  async sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.#abort.signal.aborted) return;
    await delay(ms, undefined, { signal: this.#abort.signal }).catch(() => undefined);
  }

  /** AdminHub: the transfer was acknowledged; apply it after the time-scaled delay. */
  deferTransfer(orgId: string): void {
    if (this.#transferTimers.has(orgId)) return;
    const timer = setTimeout(() => {
      this.#transferTimers.delete(orgId);
      const org = this.state.organization(orgId);
      if (org && org.transferRequestedAt !== null) this.state.transferOrganization(orgId);
    }, ADMINHUB_TRANSFER_DELAY_MS * this.timeScale);
    this.#transferTimers.set(orgId, timer);
  }

  #resumePendingTransfers(): void {
    for (const orgId of this.state.pendingTransferIds()) this.deferTransfer(orgId);
  }

  #cancelTransfers(): void {
    for (const timer of this.#transferTimers.values()) clearTimeout(timer);
    this.#transferTimers.clear();
  }

  info(): SimInfo {
    const { meta, enterprise } = this.state;
    return {
      enterpriseId: enterprise.id,
      defaultWorkspaceId: enterprise.defaultWorkspaceId,
      apiKey: meta.apiKey,
      adminToken: meta.adminToken,
      preset: meta.preset,
      seed: meta.seed,
      members: this.state.memberCount,
      anchor: meta.anchor,
      serviceAccountId: meta.serviceAccountId,
      timeScale: this.rateLimiter.settings.timeScale,
    };
  }

  close(): void {
    this.#abort.abort();
    this.#cancelTransfers();
  }
}
