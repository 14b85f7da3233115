/**
 * What one onboarding and one offboarding cost on AWS, measured from real runs on the local stack
 * (the synthesized ASL on the local Step Functions runtime, the production handlers, dynalite, the
 * Trello and Okta simulators), one execution at a time:
 *
 * - onboarding of a person Trello does not know (invite path);
 * - onboarding of a free managed account (seat grant path);
 * - offboarding of a licensed leaver, Okta configured, with sole-admin boards handed to the manager;
 * - offboarding of a licensed leaver, Okta configured, with no boards;
 * - and the `wait-for-first-login` loop, per poll (each poll is a Wait, a Lambda Task and a Choice).
 *
 * Counted per execution:
 * - state transitions from its history (GetExecutionHistory on the local SFN endpoint), as Standard
 *   workflows bill them: every state entered (Map iterations' and Parallel branches' states
 *   included) plus every Task retry (a TaskScheduled beyond the first of a state entry);
 * - Lambda invocations: the history's TaskScheduled events (retries included), cross-checked with
 *   every invocation the Lambda host ran in the same window (which also catches any a run caused
 *   outside a Task). Each invocation's duration is timed around its handler at the host: the span
 *   of the history's TaskScheduled → TaskSucceeded less the dispatch, timed there because the
 *   history gives a retried attempt no end of its own. Measured in-process and warm (a warm-up
 *   round runs first), Trello's pacing waits included, against simulators on loopback: a proxy for
 *   the billed duration (512 MB each, rounded up to the ms), not a measurement of it — real
 *   Trello and IdP latencies and cold starts would add to it; the report shows what 10× would cost;
 * - DynamoDB request units by a counting proxy in front of dynalite (the functions' endpoint points
 *   at it; nothing in the production code changes): reads from dynalite's own ConsumedCapacity
 *   (asked for on every read), writes from the item before and after each write (the larger of the
 *   two, per KB, as DynamoDB bills them, failed conditional writes included) plus the status index
 *   (gsi1, ALL projection): a put or an update of an indexed item is one index write, a change of its
 *   index key a delete and a put. The Trello pacer's own writes are counted apart (the DynamoDB
 *   pacer, as deployed; the local stack otherwise paces in memory);
 * - Trello API calls (the simulator's call stats) and IdP API calls (the simulator's request count).
 *
 * Not counted: the HR webhook (API Gateway, the ingest Lambda, one EventBridge event), CloudWatch
 * logs and metrics, Secrets Manager reads at cold starts, data transfer, and free tiers.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type AttributeValue,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { ConfigKeys } from '../functions/composition/config-keys.ts';
import { resetDependencies } from '../functions/composition/dependencies.ts';
import type { LifecycleEventDetail } from '../functions/contracts/hr-event.ts';
import { offboardingRunId, onboardingRunId } from '../functions/core/lifecycle/run-ids.ts';
import { firstLoginPollsUntil } from '../functions/core/onboarding/first-login-backoff.ts';
import { parseDeployConfig } from '../infra/deploy-config.ts';
import { callerFunction } from '../infra/local/iam/caller.ts';
import {
  hrEvent,
  type StackHarness,
  startOffboarding,
  startOnboarding,
  startStackHarness,
  waitForExecution,
} from '../test/support/local-stack-harness.ts';
import { OnboardingStates } from '../workflows/onboarding/onboarding-states.ts';

// Public us-east-1 list prices, as published on these pages (recorded 2026-12-04):
/** https://aws.amazon.com/step-functions/pricing/ — Standard workflows, per state transition. */
export const SFN_STANDARD_PER_TRANSITION = 0.025 / 1_000;
/** https://aws.amazon.com/lambda/pricing/ — requests. */
export const LAMBDA_PER_REQUEST = 0.2 / 1_000_000;
/** https://aws.amazon.com/lambda/pricing/ — duration, Arm (Graviton), first 7.5 billion GB-s a month. */
export const LAMBDA_ARM_PER_GB_SECOND = 0.0000133334;
/** Every Lanyard function is deployed with 512 MB. */
export const LAMBDA_MEMORY_GB = 512 / 1024;
/**
 * https://aws.amazon.com/dynamodb/pricing/on-demand/ — on-demand, Standard table class, after the
 * 2024-11-01 price cut: per write request unit and per read request unit.
 */
export const DYNAMODB_PER_WRITE_UNIT = 0.625 / 1_000_000;
export const DYNAMODB_PER_READ_UNIT = 0.125 / 1_000_000;
/** The cost goal per 1,000 runs of either workflow. */
export const GOAL_PER_1000 = 0.5;

export interface CostOptions {
  /** Measured runs per case (after one warm-up round that is not counted). @default 3 */
  runs?: number;
  /** Trello's rate windows, for the simulator and Lanyard's pacer together. @default 1 */
  timeScale?: number;
  /** The Trello pacer the functions use: `dynamodb` as deployed, or `memory`. @default 'dynamodb' */
  pacer?: 'dynamodb' | 'memory';
  /** Sole-admin boards of the leaver in the offboarding-with-boards case. @default 3 */
  boards?: number;
  /** Polls measured in the first-login loop. @default 5 */
  polls?: number;
}

export interface Usage {
  transitions: number;
  /** Task retries (included in `transitions`). */
  retries: number;
  /** Lambda Task invocations from the history (TaskScheduled). */
  lambdaTasks: number;
  /** Every invocation the Lambda host ran (`lambdaTasks` plus any a run caused outside a Task). */
  lambdaInvocations: number;
  /** Sum of the invocations' durations, each rounded up to the ms as Lambda bills them. */
  lambdaMs: number;
  lambdaGbSeconds: number;
  dynamodbWriteUnits: number;
  dynamodbReadUnits: number;
  /** Of `dynamodbWriteUnits`: the Trello pacer's slot bookings. */
  pacerWriteUnits: number;
  /** Of `dynamodbWriteUnits`: the status index (gsi1). */
  indexWriteUnits: number;
  /** Of `dynamodbWriteUnits`: the run item (`RUN#…/RUN`), its gsi1 copy included. */
  runWriteUnits: number;
  /** Of `dynamodbWriteUnits`: the audit trail (entries, their chain's sequence and head). */
  auditWriteUnits: number;
  /** Of `dynamodbWriteUnits`: writes refused by their condition (billed all the same). */
  refusedWriteUnits: number;
  dynamodbRequests: number;
  trelloCalls: number;
  trelloWrites: number;
  idpCalls: number;
}

export interface Cost {
  stepFunctions: number;
  lambdaRequests: number;
  lambdaDuration: number;
  dynamodbWrites: number;
  dynamodbReads: number;
  total: number;
}

export interface CaseResult extends Usage {
  case: string;
  workflow: 'onboarding' | 'offboarding';
  /** Run outcome as recorded (e.g. `invited`, `offboarded`). */
  outcome: string;
  /** Transitions of each measured run (they should all be equal). */
  transitionsPerRun: number[];
  /** Of `transitions`: Choice, Pass, Wait, Succeed and Fail states (flow only, no work). */
  flowTransitions: number;
  /** Times each state was entered (the first measured run). */
  statesEntered: Record<string, number>;
  /** Trello calls by route (`METHOD /path`) of the first measured run: P2, the README's call list. */
  trelloByRoute: Record<string, number>;
  wallMs: number;
  /** Per function: invocations, measured ms, DynamoDB units (means per run). */
  byFunction: Record<string, { invocations: number; ms: number; writeUnits: number; readUnits: number }>;
  costPerRun: Cost;
  costPer1000: Cost;
  withinGoal: boolean;
}

export interface WorkflowCostResult {
  name: 'workflow-cost';
  runs: number;
  timeScale: number;
  pacer: 'dynamodb' | 'memory';
  prices: Record<string, number>;
  goalPer1000: number;
  cases: CaseResult[];
  firstLoginPoll: Usage & {
    polls: number;
    costPerPoll: Cost;
    /** At the deploy config's default poll interval and longest wait. */
    pollMinutes: number;
    /** The cap of the backoff: each wait doubles from pollMinutes up to this. */
    maxPollMinutes: number;
    /** Polls of a hire who never logs in, over waitHours. */
    longestPolls: number;
    waitHours: number;
    costPerHirePerDay: number;
    costPerHireLongestWait: number;
    costPer1000LongestWait: number;
  };
  failedRuns: number;
  wallMs: number;
}

interface CaseSpec {
  name: string;
  workflow: 'onboarding' | 'offboarding';
  /** Seeds Trello and the IdP (not counted) and answers the HR event. */
  setup(h: StackHarness, n: number): Promise<LifecycleEventDetail>;
}

export async function workflowCost(options: CostOptions = {}): Promise<WorkflowCostResult> {
  const runs = options.runs ?? 3;
  const timeScale = options.timeScale ?? 1;
  const pacer = options.pacer ?? 'dynamodb';
  const boards = options.boards ?? 3;
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lanyard-bench-cost-'));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const h = await startStackHarness({
    dataDir,
    inMemory: true,
    trelloPreset: 'tiny',
    trelloTimeScale: timeScale,
    // The first-login loop polls every half second here instead of every hour.
    waitTimeOverrides: { [OnboardingStates.waitForFirstLogin]: 500 },
    onLog: () => {},
  });
  const proxy = await startCountingProxy(h.stack.dynamodbEndpoint);
  const invocations = timeInvocations(h);
  const environment = {
    [ConfigKeys.dynamodbEndpoint]: process.env[ConfigKeys.dynamodbEndpoint],
    [ConfigKeys.trelloPacer]: process.env[ConfigKeys.trelloPacer],
  };
  try {
    // Every function now reaches DynamoDB through the proxy, and paces Trello as deployed.
    process.env[ConfigKeys.dynamodbEndpoint] = proxy.url;
    process.env[ConfigKeys.trelloPacer] = pacer;
    resetDependencies();
    await h.control('POST', '/enterprise', { maxMembers: 100_000 });

    const specs = caseSpecs(boards);
    const measured = new Map<string, Measured[]>(specs.map((s) => [s.name, []]));
    let n = 0;
    let failedRuns = 0;
    // Round 0 warms every handler module up (its first load is this process's, not Lambda's).
    for (let round = 0; round <= runs; round++) {
      for (const spec of specs) {
        n += 1;
        const m = await measureRun(h, proxy, invocations, spec, n);
        if (m.status !== 'SUCCEEDED') failedRuns += 1;
        if (round > 0) measured.get(spec.name)?.push(m);
      }
    }
    const cases = specs.map((spec) => summarize(spec, measured.get(spec.name) ?? []));
    const firstLoginPoll = await measurePolls(h, proxy, invocations, options.polls ?? 5);
    if (firstLoginPoll.failed) failedRuns += 1;
    return {
      name: 'workflow-cost',
      runs,
      timeScale,
      pacer,
      prices: {
        sfnStandardPerTransition: SFN_STANDARD_PER_TRANSITION,
        lambdaPerRequest: LAMBDA_PER_REQUEST,
        lambdaArmPerGbSecond: LAMBDA_ARM_PER_GB_SECOND,
        lambdaMemoryGb: LAMBDA_MEMORY_GB,
        dynamodbPerWriteUnit: DYNAMODB_PER_WRITE_UNIT,
        dynamodbPerReadUnit: DYNAMODB_PER_READ_UNIT,
      },
      goalPer1000: GOAL_PER_1000,
      cases,
      firstLoginPoll: firstLoginPoll.result,
      failedRuns,
      wallMs: Math.round(performance.now() - started),
    };
  } finally {
    for (const [key, value] of Object.entries(environment)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetDependencies();
    await h.close();
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function caseSpecs(boards: number): CaseSpec[] {
  /** A licensed member who signs in through Okta. */
  const employee = async (h: StackHarness, email: string) => {
    const member = await h.control<{ id: string }>('POST', '/members', {
      email,
      fullName: `Person ${email.split('@')[0]}`,
      licensed: true,
    });
    h.stack.idp?.addUser({ email });
    return member.id;
  };
  const termination = (email: string, id: string, managerEmail: string | null) =>
    hrEvent(
      'employee.terminated',
      { email, id },
      {
        employee: { id, email, fullName: `Person ${id}`, department: 'Design', managerEmail },
      },
    );
  return [
    {
      name: 'onboarding: invite (unknown to Trello)',
      workflow: 'onboarding',
      setup: async (_h, n) =>
        hrEvent('employee.hired', {
          email: `cost.new.${n}@example.com`,
          fullName: `Cost New ${n}`,
          department: 'Design',
          id: `E-COST-${n}`,
        }),
    },
    {
      name: 'onboarding: seat grant (free managed)',
      workflow: 'onboarding',
      setup: async (h, n) => {
        const email = `cost.free.${n}@example.com`;
        await h.control('POST', '/members', { email, fullName: `Cost Free ${n}`, licensed: false });
        return hrEvent('employee.hired', {
          email,
          fullName: `Cost Free ${n}`,
          department: 'Design',
          id: `E-COST-${n}`,
        });
      },
    },
    {
      name: `offboarding: ${boards} sole-admin boards, IdP`,
      workflow: 'offboarding',
      setup: async (h, n) => {
        const managerEmail = `cost.manager.${n}@example.com`;
        const email = `cost.leaver.${n}@example.com`;
        const manager = await employee(h, managerEmail);
        const leaver = await employee(h, email);
        for (let b = 0; b < boards; b++) {
          await h.control('POST', '/boards', {
            name: `Cost board ${n}.${b}`,
            idOrganization: h.stack.trello.info().defaultWorkspaceId,
            members: [
              { idMember: leaver, type: 'admin' },
              { idMember: manager, type: 'normal' },
            ],
          });
        }
        return termination(email, `E-COST-${n}`, managerEmail);
      },
    },
    {
      name: 'offboarding: no boards, IdP',
      workflow: 'offboarding',
      setup: async (h, n) => {
        const email = `cost.plain.${n}@example.com`;
        await employee(h, email);
        return termination(email, `E-COST-${n}`, null);
      },
    },
  ];
}

interface Measured extends Usage {
  flowTransitions: number;
  statesEntered: Record<string, number>;
  trelloByRoute: Record<string, number>;
  status: string;
  outcome: string;
  wallMs: number;
  byFunction: CaseResult['byFunction'];
}

/** Seeds the case, waits for the pacer to be idle, runs one execution to its end and counts it. */
async function measureRun(
  h: StackHarness,
  proxy: CountingProxy,
  invocations: InvocationLog,
  spec: CaseSpec,
  n: number,
): Promise<Measured> {
  const detail = await spec.setup(h, n);
  // Each run as if alone: no slot booked by the previous run left to wait for.
  await proxy.pacerIdle();
  const before = snapshot(h, proxy, invocations);
  const t0 = performance.now();
  const arn =
    spec.workflow === 'onboarding' ? await startOnboarding(h, detail) : await startOffboarding(h, detail);
  const done = await waitForExecution(h, arn, undefined, 300_000);
  const events = await finalHistory(h, arn);
  const wallMs = performance.now() - t0;
  const after = snapshot(h, proxy, invocations);
  const usage = usageBetween(before, after, events, invocations);
  const runId = spec.workflow === 'onboarding' ? onboardingRunId(detail.id) : offboardingRunId(detail.id);
  const run = await h.records.runs.getRun(runId);
  const statesEntered: Record<string, number> = {};
  let flowTransitions = 0;
  for (const e of events) {
    if (!e.type?.endsWith('StateEntered')) continue;
    const name = e.stateEnteredEventDetails?.name ?? '?';
    statesEntered[name] = (statesEntered[name] ?? 0) + 1;
    if (FLOW_STATES.has(e.type.replace('StateEntered', ''))) flowTransitions += 1;
  }
  return {
    ...usage,
    flowTransitions,
    statesEntered,
    trelloByRoute: routeCounts(before, after),
    status: done.status ?? 'UNKNOWN',
    outcome: run?.outcome ?? '(no run record)',
    wallMs,
    byFunction: byFunction(before, after, invocations),
  };
}

/** The `wait-for-first-login` loop: a hire Trello does not know, polled until `polls` more polls ran. */
async function measurePolls(
  h: StackHarness,
  proxy: CountingProxy,
  invocations: InvocationLog,
  polls: number,
): Promise<{ result: WorkflowCostResult['firstLoginPoll']; failed: boolean }> {
  const policy = process.env[ConfigKeys.newUserPolicy];
  process.env[ConfigKeys.newUserPolicy] = 'wait-for-first-login';
  resetDependencies();
  try {
    const email = `cost.first.login.${Date.now()}@example.com`;
    const detail = hrEvent('employee.hired', { email, fullName: 'First Login', id: 'E-COST-FIRST-LOGIN' });
    await proxy.pacerIdle();
    const arn = await startOnboarding(h, detail);
    // A poll is done when its Choice is entered; the next one starts half a second later, so a
    // snapshot taken as soon as a poll is seen done falls between two polls.
    const loop = new Set<string>([
      OnboardingStates.waitForFirstLogin,
      OnboardingStates.checkFirstLogin,
      OnboardingStates.hasLoggedIn,
    ]);
    const pollsDone = async (at: number) => {
      for (;;) {
        const events = await history(h, arn);
        const choices = events.filter(
          (e) =>
            e.type === 'ChoiceStateEntered' &&
            e.stateEnteredEventDetails?.name === OnboardingStates.hasLoggedIn,
        );
        if (choices.length >= at) {
          // Loop transitions up to the last finished poll (the Wait entered after it excluded).
          const last = choices.at(-1)?.id ?? 0;
          const upTo = events.filter((e) => (e.id ?? 0) <= last);
          return { done: choices.length, ...countTransitions(upTo, loop) };
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const first = await pollsDone(2);
    const before = snapshot(h, proxy, invocations);
    const last = await pollsDone(first.done + polls);
    const after = snapshot(h, proxy, invocations);
    const counted = last.done - first.done;
    const usage = usageBetween(before, after, [], invocations);
    const per = (value: number) => value / counted;
    const perPoll: Usage = {
      ...scale(usage, 1 / counted),
      transitions: per(last.transitions - first.transitions),
      retries: per(last.retries - first.retries),
      lambdaTasks: per(last.lambdaTasks - first.lambdaTasks),
    };
    // Ends the run: the person logs in, the next poll sees it and the run grants the seat.
    await h.control('POST', '/people/login', { email, fullName: 'First Login' });
    const done = await waitForExecution(h, arn, undefined, 120_000);
    const defaults = parseDeployConfig({ trello: { enterpriseId: h.stack.trello.info().enterpriseId } });
    const costPerPoll = costOf(perPoll);
    // The deployed schedule backs off (first-login-backoff.ts): polls are counted on it.
    const backoff = {
      firstWaitSeconds: defaults.firstLoginPollMinutes * 60,
      maxWaitSeconds: defaults.firstLoginMaxPollMinutes * 60,
    };
    const pollsPerDay = firstLoginPollsUntil(backoff, 86_400);
    const longestPolls = firstLoginPollsUntil(backoff, defaults.firstLoginWaitHours * 3600);
    return {
      failed: done.status !== 'SUCCEEDED',
      result: {
        ...perPoll,
        polls: counted,
        costPerPoll,
        pollMinutes: defaults.firstLoginPollMinutes,
        maxPollMinutes: defaults.firstLoginMaxPollMinutes,
        longestPolls,
        waitHours: defaults.firstLoginWaitHours,
        costPerHirePerDay: costPerPoll.total * pollsPerDay,
        costPerHireLongestWait: costPerPoll.total * longestPolls,
        costPer1000LongestWait: costPerPoll.total * longestPolls * 1000,
      },
    };
  } finally {
    if (policy === undefined) delete process.env[ConfigKeys.newUserPolicy];
    else process.env[ConfigKeys.newUserPolicy] = policy;
    resetDependencies();
  }
}

// ---------------------------------------------------------------------------------------------
// Counting

interface Snapshot {
  dynamodb: DynamoCounters;
  trello: { total: number; writes: number; byRoute: Record<string, number> };
  idp: number;
  invocations: number;
}

function snapshot(h: StackHarness, proxy: CountingProxy, invocations: InvocationLog): Snapshot {
  const calls = h.stack.trello.calls();
  return {
    dynamodb: proxy.counters(),
    trello: {
      total: calls.total,
      writes: calls.writes,
      byRoute: Object.fromEntries(Object.entries(calls.byRoute).map(([route, r]) => [route, r.count])),
    },
    idp: h.stack.idp?.stats().requests ?? 0,
    invocations: invocations.length,
  };
}

/** The Trello calls between two snapshots, by route, most first. */
function routeCounts(before: Snapshot, after: Snapshot): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after.trello.byRoute)
      .map(([route, count]): [string, number] => [route, count - (before.trello.byRoute[route] ?? 0)])
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  );
}

type InvocationLog = Array<{ fn: string; ms: number }>;

/** Times every invocation the Lambda host runs (the bench's own wrapper; the host is unchanged). */
function timeInvocations(h: StackHarness): InvocationLog {
  const host = h.stack.runtime.host;
  const invoke = host.invoke.bind(host);
  const log: InvocationLog = [];
  host.invoke = async (logicalId, event, options) => {
    const t0 = performance.now();
    try {
      return await invoke(logicalId, event, options);
    } finally {
      log.push({ fn: logicalId, ms: performance.now() - t0 });
    }
  };
  return log;
}

function usageBetween(before: Snapshot, after: Snapshot, events: HistoryEvent[], log: InvocationLog): Usage {
  const { transitions, retries, lambdaTasks } = countTransitions(events);
  const ran = log.slice(before.invocations, after.invocations);
  const lambdaMs = ran.reduce((sum, i) => sum + Math.ceil(i.ms), 0);
  const d = (key: keyof Omit<DynamoCounters, 'byFunction'>) => after.dynamodb[key] - before.dynamodb[key];
  return {
    transitions,
    retries,
    lambdaTasks,
    lambdaInvocations: ran.length,
    lambdaMs,
    lambdaGbSeconds: (lambdaMs / 1000) * LAMBDA_MEMORY_GB,
    dynamodbWriteUnits: d('writeUnits'),
    dynamodbReadUnits: d('readUnits'),
    pacerWriteUnits: d('pacerWriteUnits'),
    indexWriteUnits: d('indexWriteUnits'),
    runWriteUnits: d('runWriteUnits'),
    auditWriteUnits: d('auditWriteUnits'),
    refusedWriteUnits: d('refusedWriteUnits'),
    dynamodbRequests: d('requests'),
    trelloCalls: after.trello.total - before.trello.total,
    trelloWrites: after.trello.writes - before.trello.writes,
    idpCalls: after.idp - before.idp,
  };
}

function byFunction(before: Snapshot, after: Snapshot, log: InvocationLog): CaseResult['byFunction'] {
  const out: CaseResult['byFunction'] = {};
  const entry = (fn: string) => {
    const name = shortName(fn);
    out[name] ??= { invocations: 0, ms: 0, writeUnits: 0, readUnits: 0 };
    return out[name];
  };
  for (const i of log.slice(before.invocations, after.invocations)) {
    const e = entry(i.fn);
    e.invocations += 1;
    e.ms += Math.ceil(i.ms);
  }
  for (const [fn, units] of Object.entries(after.dynamodb.byFunction)) {
    const was = before.dynamodb.byFunction[fn] ?? { writeUnits: 0, readUnits: 0 };
    const writes = units.writeUnits - was.writeUnits;
    const reads = units.readUnits - was.readUnits;
    if (writes === 0 && reads === 0) continue;
    const e = entry(fn);
    e.writeUnits += writes;
    e.readUnits += reads;
  }
  return out;
}

/** `OnboardingStepGrantSeat1A2B3C4D` → `OnboardingStepGrantSeat`. */
const shortName = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, '');

/**
 * Billed transitions: every state entered, plus every Task attempt beyond the first of its entry
 * (a Retry). `only`, when given, restricts the Task attempts to those states' entries.
 */
function countTransitions(events: HistoryEvent[], only?: Set<string>) {
  let entered = 0;
  let taskEntries = 0;
  let lambdaTasks = 0;
  let inScope = true;
  for (const e of events) {
    if (e.type?.endsWith('StateEntered')) {
      inScope = !only || only.has(e.stateEnteredEventDetails?.name ?? '');
      if (!inScope) continue;
      entered += 1;
      if (e.type === 'TaskStateEntered') taskEntries += 1;
    } else if (e.type === 'TaskScheduled' && inScope) lambdaTasks += 1;
  }
  const retries = Math.max(0, lambdaTasks - taskEntries);
  return { transitions: entered + retries, retries, lambdaTasks };
}

const FLOW_STATES = new Set(['Choice', 'Pass', 'Wait', 'Succeed', 'Fail']);
const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

async function history(h: StackHarness, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await h.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** The history once its last word (the execution's end) is in: the log is read just after the end. */
async function finalHistory(h: StackHarness, executionArn: string): Promise<HistoryEvent[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const events = await history(h, executionArn);
    if (TERMINAL.has(events.at(-1)?.type ?? '')) return events;
    if (Date.now() > deadline) throw new Error(`The history of ${executionArn} has no end after 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---------------------------------------------------------------------------------------------
// Cost

export function costOf(u: Usage): Cost {
  const cost = {
    stepFunctions: u.transitions * SFN_STANDARD_PER_TRANSITION,
    lambdaRequests: u.lambdaInvocations * LAMBDA_PER_REQUEST,
    lambdaDuration: u.lambdaGbSeconds * LAMBDA_ARM_PER_GB_SECOND,
    dynamodbWrites: u.dynamodbWriteUnits * DYNAMODB_PER_WRITE_UNIT,
    dynamodbReads: u.dynamodbReadUnits * DYNAMODB_PER_READ_UNIT,
  };
  return { ...cost, total: Object.values(cost).reduce((a, b) => a + b, 0) };
}

const scaleCost = (c: Cost, by: number): Cost =>
  Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v * by])) as unknown as Cost;

function scale(u: Usage, by: number): Usage {
  return Object.fromEntries(Object.entries(u).map(([k, v]) => [k, v * by])) as unknown as Usage;
}

function summarize(spec: CaseSpec, runs: Measured[]): CaseResult {
  const mean = (pick: (m: Measured) => number) => runs.reduce((s, m) => s + pick(m), 0) / runs.length;
  const usage: Usage = {
    transitions: mean((m) => m.transitions),
    retries: mean((m) => m.retries),
    lambdaTasks: mean((m) => m.lambdaTasks),
    lambdaInvocations: mean((m) => m.lambdaInvocations),
    lambdaMs: mean((m) => m.lambdaMs),
    lambdaGbSeconds: mean((m) => m.lambdaGbSeconds),
    dynamodbWriteUnits: mean((m) => m.dynamodbWriteUnits),
    dynamodbReadUnits: mean((m) => m.dynamodbReadUnits),
    pacerWriteUnits: mean((m) => m.pacerWriteUnits),
    indexWriteUnits: mean((m) => m.indexWriteUnits),
    runWriteUnits: mean((m) => m.runWriteUnits),
    auditWriteUnits: mean((m) => m.auditWriteUnits),
    refusedWriteUnits: mean((m) => m.refusedWriteUnits),
    dynamodbRequests: mean((m) => m.dynamodbRequests),
    trelloCalls: mean((m) => m.trelloCalls),
    trelloWrites: mean((m) => m.trelloWrites),
    idpCalls: mean((m) => m.idpCalls),
  };
  const functions: CaseResult['byFunction'] = {};
  for (const m of runs) {
    for (const [fn, f] of Object.entries(m.byFunction)) {
      functions[fn] ??= { invocations: 0, ms: 0, writeUnits: 0, readUnits: 0 };
      const into = functions[fn];
      into.invocations += f.invocations / runs.length;
      into.ms += f.ms / runs.length;
      into.writeUnits += f.writeUnits / runs.length;
      into.readUnits += f.readUnits / runs.length;
    }
  }
  const costPerRun = costOf(usage);
  const costPer1000 = scaleCost(costPerRun, 1000);
  const outcomes = [...new Set(runs.map((m) => (m.status === 'SUCCEEDED' ? m.outcome : m.status)))];
  return {
    case: spec.name,
    workflow: spec.workflow,
    outcome: outcomes.join(', '),
    ...usage,
    transitionsPerRun: runs.map((m) => m.transitions),
    flowTransitions: mean((m) => m.flowTransitions),
    statesEntered: runs[0]?.statesEntered ?? {},
    trelloByRoute: runs[0]?.trelloByRoute ?? {},
    wallMs: Math.round(mean((m) => m.wallMs)),
    byFunction: Object.fromEntries(Object.entries(functions).sort(([, a], [, b]) => b.ms - a.ms)),
    costPerRun,
    costPer1000,
    withinGoal: costPer1000.total <= GOAL_PER_1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const usd = (v: number, digits = 4) => `$${v.toFixed(digits)}`;
const num = (v: number, digits = 1) => {
  const rounded = Number(v.toFixed(digits));
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(digits);
};

export function costReport(r: WorkflowCostResult): string {
  const header = [
    'case'.padEnd(40),
    'trans'.padStart(6),
    'λ inv'.padStart(6),
    'λ GB-s'.padStart(7),
    'WRU'.padStart(6),
    '(pacer'.padStart(7),
    'gsi1)'.padStart(6),
    'RRU'.padStart(6),
    'Trello'.padStart(7),
    'IdP'.padStart(4),
    '$/1,000'.padStart(9),
  ].join(' ');
  const rows = r.cases.map((c) =>
    [
      c.case.padEnd(40),
      num(c.transitions).padStart(6),
      num(c.lambdaInvocations).padStart(6),
      c.lambdaGbSeconds.toFixed(2).padStart(7),
      num(c.dynamodbWriteUnits).padStart(6),
      num(c.pacerWriteUnits).padStart(7),
      num(c.indexWriteUnits).padStart(6),
      num(c.dynamodbReadUnits).padStart(6),
      num(c.trelloCalls).padStart(7),
      num(c.idpCalls).padStart(4),
      usd(c.costPer1000.total, 3).padStart(9),
    ].join(' '),
  );
  const split = r.cases.map(
    (c) =>
      `  ${c.case.padEnd(40)} SFN ${usd(c.costPer1000.stepFunctions, 3)}  λ req ${usd(c.costPer1000.lambdaRequests, 4)}  λ dur ${usd(c.costPer1000.lambdaDuration, 4)}  DDB W ${usd(c.costPer1000.dynamodbWrites, 4)}  R ${usd(c.costPer1000.dynamodbReads, 4)}`,
  );
  const tenfold = r.cases.map((c) => usd(c.costPer1000.lambdaDuration * 9, 3)).join(', ');
  const goal = r.cases.map(
    (c) =>
      `  ${c.case.padEnd(40)} ${usd(c.costPer1000.total, 3)} = ${((c.costPer1000.total / r.goalPer1000) * 100).toFixed(0)} % of the goal${c.withinGoal ? '' : '  OVER THE GOAL'}`,
  );
  const detail = r.cases.map((c) =>
    [
      `  ${c.case.padEnd(40)}`,
      `${num(c.flowTransitions)}/${num(c.transitions)}`.padStart(10),
      num(c.pacerWriteUnits).padStart(6),
      num(c.runWriteUnits).padStart(9),
      num(c.auditWriteUnits).padStart(6),
      num(c.dynamodbWriteUnits - c.pacerWriteUnits - c.runWriteUnits - c.auditWriteUnits).padStart(6),
      num(c.refusedWriteUnits).padStart(8),
    ].join(' '),
  );
  const checks = r.cases
    .filter((c) => c.lambdaTasks !== c.lambdaInvocations || new Set(c.transitionsPerRun).size > 1)
    .map(
      (c) =>
        `  note: ${c.case}: ${num(c.lambdaTasks)} Task invocations in the history, ${num(c.lambdaInvocations)} at the host; transitions per run ${c.transitionsPerRun.join(', ')}`,
    );
  const calls = r.cases.map(
    (c) =>
      `  ${c.case}: ${Object.entries(c.trelloByRoute)
        .map(([route, n]) => `${route} ×${n}`)
        .join(', ')}`,
  );
  const p = r.firstLoginPoll;
  return `workflow cost (us-east-1 list prices; ${r.runs} measured runs per case after a warm-up, Trello windows ×${r.timeScale}, ${r.pacer} pacer)
${header}
${rows.join('\n')}
  (means per run; Lambda 512 MB Arm, durations measured locally: warm, loopback, pacing waits included)
per 1,000 runs, by service:
${split.join('\n')}
where it goes (flow = Choice/Pass/Wait/Succeed transitions; WRU by record, and those refused by their condition):
  ${''.padEnd(40)}       flow  pacer  run item  audit  other  refused
${detail.join('\n')}
  were Lambda durations 10× the local ones, each case would cost ${tenfold} more per 1,000
against the goal of ${usd(r.goalPer1000, 2)} per 1,000:
${goal.join('\n')}
Trello calls of one run, by route (README "What it costs" says why each is there):
${calls.join('\n')}
wait-for-first-login, per poll (${p.polls} polls measured): ${num(p.transitions)} transitions, ${num(p.lambdaInvocations)} Lambda (${num(p.lambdaMs, 0)} ms), ${num(p.dynamodbWriteUnits)} WRU, ${num(p.dynamodbReadUnits)} RRU, ${num(p.trelloCalls)} Trello calls = ${usd(p.costPerPoll.total, 7)} per poll
  polling after ${p.pollMinutes} min, each wait doubling up to ${p.maxPollMinutes} min: ${usd(p.costPerHirePerDay, 5)} for a hire's first day of waiting; a hire who never logs in (${p.waitHours} h, ${p.longestPolls} polls) ${usd(p.costPerHireLongestWait, 4)} = ${usd(p.costPer1000LongestWait, 2)} per 1,000
${checks.length > 0 ? `${checks.join('\n')}\n` : ''}  failed runs ${r.failedRuns}; bench wall time ${(r.wallMs / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------
// The counting proxy in front of dynalite

export interface DynamoCounters {
  requests: number;
  readUnits: number;
  writeUnits: number;
  indexWriteUnits: number;
  pacerWriteUnits: number;
  runWriteUnits: number;
  auditWriteUnits: number;
  refusedWriteUnits: number;
  byFunction: Record<string, { readUnits: number; writeUnits: number }>;
}

export interface CountingProxy {
  url: string;
  counters(): DynamoCounters;
  /** Resolves once no Trello pacer slot is booked in the future (polls what the writes left). */
  pacerIdle(): Promise<void>;
  close(): Promise<void>;
}

type Item = Record<string, AttributeValue>;
interface TableShape {
  keys: string[];
  /** Index name → its key attributes and projection. */
  indexes: Array<{ name: string; keys: string[]; projection: string }>;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
// Record kinds by key (functions/adapters/dynamodb/keys.ts), to say where the write units go.
const PACER_PREFIX = 'PACE#';
const RUN_PREFIX = 'RUN#';
const RUN_SORT_KEY = 'RUN';
const AUDIT_PREFIX = 'AUDIT#';
const AUDIT_CHANGE_PREFIX = 'AUDITCHANGE#';

const require = createRequire(import.meta.url);
/** dynalite's own item size (what its ConsumedCapacity uses), in bytes. */
const { itemSize } = require('dynalite/db/index.js') as { itemSize: (item: Item) => number };
const writeUnits = (item: Item | undefined) => (item ? Math.ceil(itemSize(item) / 1024) : 0);

/** One counted write (`onWrite`, for a closer look at where the units go). */
export interface CountedWrite {
  fn: string;
  operation: string;
  key: string;
  tableUnits: number;
  indexUnits: number;
}

export async function startCountingProxy(
  target: string,
  onWrite?: (write: CountedWrite) => void,
): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const client = new DynamoDBClient({
    endpoint: target,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const shapes = new Map<string, Promise<TableShape>>();
  const c: DynamoCounters = {
    requests: 0,
    readUnits: 0,
    writeUnits: 0,
    indexWriteUnits: 0,
    pacerWriteUnits: 0,
    runWriteUnits: 0,
    auditWriteUnits: 0,
    refusedWriteUnits: 0,
    byFunction: {},
  };
  let pacerBookedUntil = 0;
  const charge = (fn: string, kind: 'readUnits' | 'writeUnits', units: number) => {
    c[kind] += units;
    c.byFunction[fn] ??= { readUnits: 0, writeUnits: 0 };
    c.byFunction[fn][kind] += units;
  };

  const shapeOf = (table: string) => {
    let shape = shapes.get(table);
    if (!shape) {
      shape = client.send(new DescribeTableCommand({ TableName: table })).then(({ Table }) => ({
        keys: (Table?.KeySchema ?? []).map((k) => k.AttributeName ?? ''),
        indexes: (Table?.GlobalSecondaryIndexes ?? []).map((i) => ({
          name: i.IndexName ?? '',
          keys: (i.KeySchema ?? []).map((k) => k.AttributeName ?? ''),
          projection: i.Projection?.ProjectionType ?? 'ALL',
        })),
      }));
      shapes.set(table, shape);
    }
    return shape;
  };
  const read = async (table: string, key: Item) =>
    (await client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const out = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          agent,
          headers: { ...req.headers, host: upstream.host, 'content-length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  const reply = (res: ServerResponse, answer: Awaited<ReturnType<typeof forward>>) => {
    const { connection: _c, 'keep-alive': _k, 'transfer-encoding': _t, ...headers } = answer.headers;
    res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  };

  // Writes go one at a time, so the item read before and after each is that write's.
  let tail: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    tail = run.catch(() => {});
    return run;
  };

  const handle = async (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const fn = callerFunction(req.headers.authorization) ?? '(not a function)';
    let input: Record<string, unknown> | undefined;
    try {
      input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      input = undefined;
    }
    if (input && READS.has(operation)) {
      c.requests += 1;
      const asked = input.ReturnConsumedCapacity !== undefined && input.ReturnConsumedCapacity !== 'NONE';
      const sent = asked ? body : Buffer.from(JSON.stringify({ ...input, ReturnConsumedCapacity: 'TOTAL' }));
      const answer = await forward(req, sent);
      if (answer.status === 200) {
        const consumed = (JSON.parse(answer.body.toString('utf8')) as { ConsumedCapacity?: unknown })
          .ConsumedCapacity;
        const list = (Array.isArray(consumed) ? consumed : [consumed]) as Array<{ CapacityUnits?: number }>;
        charge(
          fn,
          'readUnits',
          list.reduce((s, x) => s + (x?.CapacityUnits ?? 0), 0),
        );
      }
      return reply(res, answer);
    }
    if (input && WRITES.has(operation)) {
      const request = input;
      c.requests += 1;
      return serialized(async () => {
        const targets = await writeTargets(operation, request, shapeOf);
        const before = await Promise.all(targets.map((t) => read(t.table, t.key)));
        const answer = await forward(req, body);
        const errorType =
          answer.status === 200
            ? undefined
            : String((JSON.parse(answer.body.toString('utf8') || '{}') as { __type?: string }).__type ?? '');
        // DynamoDB bills a write refused by its condition as a write of the item as it stands.
        if (answer.status === 200 || errorType?.endsWith('ConditionalCheckFailedException')) {
          for (const [i, t] of targets.entries()) {
            const old = before[i];
            const now = answer.status === 200 ? await read(t.table, t.key) : old;
            const table = Math.max(1, writeUnits(old), writeUnits(now));
            const index = t.shape.indexes.reduce((s, ix) => s + indexWrites(ix, old, now), 0);
            charge(fn, 'writeUnits', table + index);
            c.indexWriteUnits += index;
            if (answer.status !== 200) c.refusedWriteUnits += table;
            const [pk = '', sk = ''] = t.shape.keys.map((k) => t.key[k]?.S ?? '');
            onWrite?.({
              fn,
              operation,
              key: Object.values(t.key)
                .map((v) => v.S ?? v.N ?? '')
                .join(' / '),
              tableUnits: table,
              indexUnits: index,
            });
            if (pk.startsWith(PACER_PREFIX)) {
              c.pacerWriteUnits += table + index;
              pacerBookedUntil = Math.max(pacerBookedUntil, Number(now?.next?.N ?? 0));
            } else if (pk.startsWith(RUN_PREFIX) && sk === RUN_SORT_KEY) c.runWriteUnits += table + index;
            else if (pk.startsWith(AUDIT_PREFIX) || sk.startsWith(AUDIT_CHANGE_PREFIX))
              c.auditWriteUnits += table + index;
          }
        }
        reply(res, answer);
      });
    }
    reply(res, await forward(req, body));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, Buffer.concat(chunks), res).catch((error: Error) => {
        if (res.headersSent) return res.destroy(error);
        res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(
          JSON.stringify({ __type: 'com.amazon.coral.service#InternalFailure', message: error.message }),
        );
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    counters: () => structuredClone(c),
    async pacerIdle() {
      while (Date.now() <= pacerBookedUntil) await new Promise((r) => setTimeout(r, 20));
    },
    close: () =>
      new Promise<void>((resolve) => {
        client.destroy();
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface WriteTarget {
  table: string;
  key: Item;
  shape: TableShape;
}

async function writeTargets(
  operation: string,
  input: Record<string, unknown>,
  shapeOf: (table: string) => Promise<TableShape>,
): Promise<WriteTarget[]> {
  const keyOf = (item: Item, shape: TableShape): Item =>
    Object.fromEntries(shape.keys.map((k) => [k, item[k] as AttributeValue]));
  if (operation === 'BatchWriteItem') {
    const targets: WriteTarget[] = [];
    const requests = (input.RequestItems ?? {}) as Record<
      string,
      Array<{ PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }>
    >;
    for (const [table, list] of Object.entries(requests)) {
      const shape = await shapeOf(table);
      for (const r of list) {
        const item = r.PutRequest?.Item ?? r.DeleteRequest?.Key;
        if (item) targets.push({ table, key: keyOf(item, shape), shape });
      }
    }
    return targets;
  }
  const table = String(input.TableName);
  const shape = await shapeOf(table);
  const item = (operation === 'PutItem' ? input.Item : input.Key) as Item;
  return [{ table, key: keyOf(item, shape), shape }];
}

/**
 * Index writes of one table write (an index with the ALL projection: every change reaches it):
 * an item entering or leaving the index is one write, an indexed item changed in place one, a
 * change of its index key a delete and a put. Each is billed per KB of the index entry.
 */
function indexWrites(
  index: TableShape['indexes'][number],
  old: Item | undefined,
  now: Item | undefined,
): number {
  const indexed = (item: Item | undefined) =>
    item !== undefined && index.keys.every((k) => item[k] !== undefined);
  const inOld = indexed(old);
  const inNow = indexed(now);
  if (!inOld && !inNow) return 0;
  if (inOld && !inNow) return writeUnits(old);
  if (!inOld && inNow) return writeUnits(now);
  const sameKey = index.keys.every((k) => JSON.stringify(old?.[k]) === JSON.stringify(now?.[k]));
  if (!sameKey) return writeUnits(old) + writeUnits(now);
  if (index.projection === 'KEYS_ONLY' || JSON.stringify(old) === JSON.stringify(now)) return 0;
  return writeUnits(now);
}
