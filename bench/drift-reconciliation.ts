/**
 * The drift reconciliation over the simulator's 100,000-member Enterprise, in `report` mode, on the
 * local stack (synthesized ASL, production handlers, dynalite, the shared DynamoDB pacer, the Okta
 * simulator holding every member), with Trello's rate-limit windows scaled by `timeScale` (same
 * ratios).
 *
 * Floor (issue 16): the reads a reconciliation cannot do without — ⌊licensed/100⌋+1 and
 * ⌊deactivated/100⌋+1 members query pages (only a short page ends a listing), counted from the
 * simulator's own state, plus the one seats read — at 100 calls per token window; or, when longer,
 * the IdP reads the run made at the provider's published rate (Okta: 600 a minute, which the Okta
 * simulator enforces and Lanyard paces to). Report mode writes nothing to Trello, so every call is a read; the reads
 * the run made are reported beside the floor, by route, so a read too many shows. Also reported:
 * the IdP reads, the findings by kind, each phase's time from the execution history, and the
 * history's length against Step Functions' 25,000-event limit.
 */
import { idpRateLimitOf } from '../functions/adapters/idp/idp-rate-limits.ts';
import { reconciliationRunId } from '../functions/core/reconciliation/reconciliation-ids.ts';
import { ReconciliationStates as S } from '../workflows/reconciliation/reconciliation-states.ts';
import { runBatchToEnd, runFigures, withBenchStack } from './batch-run.ts';
import { phaseTimes } from './phase-times.ts';
import { againstTokenFloor } from './token-floor.ts';

export interface ReconcileBenchResult {
  name: string;
  preset: string;
  timeScale: number;
  /** Members the two queries list, from the simulator's state when the run started. */
  licensedMembers: number;
  deactivatedMembers: number;
  trelloCalls: number;
  /** Calls per `METHOD /1/route/template`, 429s included. */
  trelloCallsByRoute: Record<string, number>;
  floorCalls: number;
  rateLimited: number;
  lockouts: number;
  idpReads: number;
  /** The IdP's 429s: none if the pacer keeps the provider's rate. */
  idpRateLimited: number;
  /** The IdP reads at the provider's published rate, scaled like its windows. */
  idpFloorMs: number;
  /** Which floor binds: the Trello reads or the IdP reads. */
  boundBy: 'trello' | 'idp';
  wallMs: number;
  floorMs: number;
  ratioToFloor: number;
  /** Issue 16 bounds the 100k reconciliation; smaller presets carry fixed costs a short floor magnifies. */
  bound: number | null;
  /** Wall time per workflow phase (first entry of its first state to the next phase), ms. */
  phasesMs: Record<string, number>;
  findingsByKind: Record<string, number>;
  historyEvents: number;
  historyLimit: number;
  status: string;
}

/** The least time `reads` take at the provider's rate, counted as the Trello floor is (token-floor.ts). */
function idpFloor(reads: number, limit: { max: number; windowMs: number }): number {
  return (reads / limit.max) * limit.windowMs;
}

/** Members per query page (Trello's maximum, what the reconciliation asks for). */
const PAGE = 100;

export async function driftReconciliation(options: {
  preset: '5k' | '100k';
  timeScale: number;
}): Promise<ReconcileBenchResult> {
  return withBenchStack(
    'reconcile',
    {
      trelloPreset: options.preset,
      trelloAnchor: new Date(),
      trelloTimeScale: options.timeScale,
    },
    async (h) => {
      const count = (filter: { licensed: true } | { deactivated: true }) =>
        h.stack.trello.state.queryMembers(filter, null, Number.MAX_SAFE_INTEGER).rows.length;
      const licensedMembers = count({ licensed: true });
      const deactivatedMembers = count({ deactivated: true });
      // Trello answers a bare array: only a page short of 100 ends the listing, so a full last page
      // costs one more (empty) read, and a query with nothing to list still answers one page.
      const pages = (n: number) => Math.floor(n / PAGE) + 1;
      const floorCalls = pages(licensedMembers) + pages(deactivatedMembers) + 1;

      await h.control('POST', '/rate-limits', { reset: true });
      h.stack.trello.resetCalls();
      const idpBefore = h.stack.idp?.stats() ?? { requests: 0, rateLimited: 0 };

      const { id, run, history, wallMs } = await runBatchToEnd(
        h,
        { path: '/admin/reconciliations', body: { mode: 'report' }, idField: 'id' },
        reconciliationRunId,
        h.stack.reconciliationArn,
      );
      const calls = h.stack.trello.calls();
      const idpStats = h.stack.idp?.stats() ?? { requests: 0, rateLimited: 0 };
      const idpReads = idpStats.requests - idpBefore.requests;
      const idpFloorMs = h.stack.idp
        ? idpFloor(idpReads, idpRateLimitOf(h.stack.idp.kind, null, options.timeScale))
        : 0;
      const trelloFloor = againstTokenFloor(wallMs, floorCalls, options.timeScale, options.preset);
      const boundBy = idpFloorMs > trelloFloor.floorMs ? 'idp' : 'trello';
      const { byKind } = await h.records.reconciliations.countFindings(id);
      return {
        name: `drift-reconciliation-${options.preset}`,
        preset: options.preset,
        timeScale: options.timeScale,
        licensedMembers,
        deactivatedMembers,
        trelloCalls: calls.total,
        trelloCallsByRoute: Object.fromEntries(Object.entries(calls.byRoute).map(([r, s]) => [r, s.count])),
        floorCalls,
        idpReads,
        idpRateLimited: idpStats.rateLimited - idpBefore.rateLimited,
        idpFloorMs: Math.round(idpFloorMs),
        boundBy,
        ...(boundBy === 'idp'
          ? {
              ...trelloFloor,
              floorMs: Math.round(idpFloorMs),
              ratioToFloor: Number((wallMs / idpFloorMs).toFixed(3)),
            }
          : trelloFloor),
        phasesMs: phaseTimes(history, RECONCILIATION_PHASES),
        findingsByKind: Object.fromEntries(Object.entries(byKind).filter(([, n]) => n > 0)),
        ...runFigures(h, run, history),
      };
    },
  );
}

/**
 * Where the time went: beginning, reading Trello's licensed and deactivated pages (both passes at
 * once: a finding or a sighting per member, an IdP read per deactivated member besides), checking
 * the people records, planning, finishing.
 */
const RECONCILIATION_PHASES = [
  ['begin', S.begin],
  ['read', S.startReading],
  ['check', S.startChecking],
  ['plan', S.plan],
  ['finish', S.finish],
] as const;
