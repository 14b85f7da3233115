/**
 * The local Step Functions runtime: loads every state machine of a synthesized template (refusing
 * ASL it cannot run faithfully, and Tasks it cannot map to a function), runs executions, and
 * serves wire-compatible Step Functions and EventBridge endpoints on loopback.
 */
import './node20-polyfills.ts';
import type { IamCheck } from '../iam/iam-check.ts';
import { readEventBuses, readRules, resolveStateMachines, type Template } from '../template/read-template.ts';
import { type EventRouting, emitServiceEvent, startEventsEndpoint } from './events-endpoint.ts';
import { Executions, executionStatusChange } from './executions.ts';
import { type FunctionMap, LambdaHost } from './lambda-host.ts';
import { installLongTimers } from './long-timers.ts';
import { startSfnEndpoint } from './sfn-endpoint.ts';
import { TaskTokens } from './task-tokens.ts';

export interface LocalRuntimeOptions {
  template: Template;
  functions: FunctionMap;
  /**
   * Where executions are recorded, so a restart on the same dir runs the unfinished ones again
   * from their start. Absent: executions live in memory only.
   */
  dataDir?: string;
  /** Step Functions endpoint port; 0 or absent = random. */
  port?: number;
  eventsPort?: number;
  /** Test hooks by state name: milliseconds instead of the Wait / Retry intervals. */
  waitTimeOverrides?: Record<string, number>;
  retryIntervalOverrides?: Record<string, number | number[]>;
  onLog?: (line: string) => void;
  /** Evaluate the Step Functions and EventBridge calls functions make against their role policies. */
  iam?: IamCheck;
  /** Lambda's account concurrency: invocations beyond it are throttled. Absent: no limit. */
  lambdaConcurrency?: number;
}

export interface LocalRuntime {
  sfnEndpoint: string;
  eventsEndpoint: string;
  /** Logical id → state machine ARN. */
  stateMachines: Record<string, string>;
  executions: Executions;
  tokens: TaskTokens;
  /** Runs the template's functions; the local API server invokes the HTTP ones through it. */
  host: LambdaHost;
  close(): Promise<void>;
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  installLongTimers(); // Wait states longer than 24.8 days (start dates months away)
  const machines = resolveStateMachines(options.template);
  const host = new LambdaHost(options.functions, { concurrency: options.lambdaConcurrency });
  const tokens = new TaskTokens();
  // Refuses unsupported ASL and unmapped Tasks here, before any endpoint listens.
  const executions = new Executions({
    machines,
    host,
    tokens,
    dataDir: options.dataDir,
    waitTimeOverrides: options.waitTimeOverrides,
    retryIntervalOverrides: options.retryIntervalOverrides,
    onLog: options.onLog,
  });
  const stateMachines = Object.fromEntries(machines.map((m) => [m.logicalId, m.arn]));
  const sfn = await startSfnEndpoint(executions, tokens, options.port, options.iam);
  const routing: EventRouting = {
    rules: readRules(options.template),
    busNames: readEventBuses(options.template).map((b) => b.name),
    stateMachineArns: stateMachines,
    executions,
    host,
    onLog: options.onLog,
    iam: options.iam,
  };
  let events: Awaited<ReturnType<typeof startEventsEndpoint>>;
  try {
    events = await startEventsEndpoint(routing, options.eventsPort);
  } catch (error) {
    await sfn.close();
    throw error;
  }
  // Step Functions' status changes go to the default bus, where the template's rules pick them up.
  executions.onStatusChange((record) => emitServiceEvent(routing, executionStatusChange(record)));
  executions.resumeInFlight();
  return {
    sfnEndpoint: sfn.url,
    eventsEndpoint: events.url,
    stateMachines,
    executions,
    tokens,
    host,
    async close() {
      // In-flight executions stay recorded RUNNING: the next start on this data dir re-runs them.
      executions.close();
      await Promise.all([sfn.close(), events.close()]);
    },
  };
}
