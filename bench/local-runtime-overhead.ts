/**
 * P6: what the local stack itself costs, so a demo's figures can be read. (1) The local Step
 * Functions runtime's overhead per state transition: executions of a machine of Lambda Tasks (a
 * no-op handler) and Pass states, all started at once, no limit anywhere; (2) onboardings end to
 * end with Trello's limits off (the simulator's windows off, Lanyard's pacer at 1/100 of them):
 * what then bounds a burst is the local stack — the runtime and the local DynamoDB server — not
 * Trello.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalRuntime } from '../infra/local/runtime/local-runtime.ts';
import { handTemplate } from '../test/support/fixtures/runtime/hand-template.ts';
import { onboardingBurst } from './onboarding-burst.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Tasks and Pass states alternate: 2 × this many transitions per execution. */
const TASK_PASS_PAIRS = 10;

export interface RuntimeOverheadResult {
  name: 'local-runtime-overhead';
  executions: number;
  transitionsPerExecution: number;
  transitions: number;
  wallMs: number;
  microsecondsPerTransition: number;
  transitionsPerSecond: number;
  onboardings: {
    hires: number;
    succeeded: number;
    wallMs: number;
    hiresPerSecond: number;
    trelloCalls: number;
  };
}

export async function localRuntimeOverhead(options: {
  executions: number;
  hires: number;
}): Promise<RuntimeOverheadResult> {
  const transitions = await transitionOverhead(options.executions);
  // Limits off: the simulator answers every call, and Lanyard's pacer allows 100 calls per 100 ms.
  const { result: burst } = await onboardingBurst(options.hires, 0.01, { trelloLimits: false });
  return {
    name: 'local-runtime-overhead',
    ...transitions,
    onboardings: {
      hires: burst.hires,
      succeeded: burst.succeeded,
      wallMs: burst.wallMs,
      hiresPerSecond: Number(((burst.hires / burst.wallMs) * 1000).toFixed(1)),
      trelloCalls: burst.trelloCalls,
    },
  };
}

async function transitionOverhead(executions: number) {
  const states: Record<string, unknown> = {};
  for (let i = 0; i < TASK_PASS_PAIRS; i++) {
    const last = i === TASK_PASS_PAIRS - 1;
    states[`Task ${i}`] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '@NOOP_ARN@', 'Payload.$': '$' },
      ResultSelector: { 'n.$': '$.Payload.n' },
      TimeoutSeconds: 30,
      Next: `Pass ${i}`,
    };
    states[`Pass ${i}`] = { Type: 'Pass', ...(last ? { End: true } : { Next: `Task ${i + 1}` }) };
  }
  const template = handTemplate(
    { StartAt: 'Task 0', States: states },
    { id: 'NoopFn', placeholder: '@NOOP_ARN@', timeoutSeconds: 30 },
  );
  // Executions in memory: the overhead measured is the runtime's, not a disk's.
  const runtime = await startLocalRuntime({
    template,
    functions: { NoopFn: { entry: path.join(here, 'fixtures', 'noop-handler.ts'), timeoutSeconds: 30 } },
  });
  try {
    const arn = runtime.stateMachines.Machine as string;
    // One warm-up execution: the handler module loads once, as a warm Lambda container.
    await runtime.executions.settled(runtime.executions.start(arn, 'warm-up', '{"n":0}').executionArn);
    const started = performance.now();
    const records = Array.from({ length: executions }, (_, n) =>
      runtime.executions.start(arn, `run-${n}`, JSON.stringify({ n })),
    );
    const ended = await Promise.all(records.map((r) => runtime.executions.settled(r.executionArn)));
    const wallMs = performance.now() - started;
    const failed = ended.filter((r) => r.status !== 'SUCCEEDED');
    if (failed.length > 0) throw new Error(`${failed.length} overhead executions ended ${failed[0]?.status}`);
    const perExecution = 2 * TASK_PASS_PAIRS;
    const total = executions * perExecution;
    return {
      executions,
      transitionsPerExecution: perExecution,
      transitions: total,
      wallMs: Math.round(wallMs),
      microsecondsPerTransition: Math.round((wallMs * 1000) / total),
      transitionsPerSecond: Math.round((total / wallMs) * 1000),
    };
  } finally {
    await runtime.close();
  }
}
