/**
 * Every state machine the CDK app synthesizes is inside the local runtime's supported ASL subset,
 * every Task maps to a step of the catalog, and the ASL the runtime runs is the template's
 * DefinitionString, byte for byte, once ARNs are substituted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import { assertSupported, taskStates } from '../../infra/local/runtime/asl-support.ts';
import {
  readFunctions,
  resolveStateMachines,
  type Template,
} from '../../infra/local/template/read-template.ts';
import { STEP_CATALOG, STEP_ID_VARIABLE } from '../../infra/step-catalog.ts';
import { OffboardingStates } from '../../workflows/offboarding/offboarding-states.ts';
import { TASK_TIMEOUT_MARGIN } from '../../workflows/shared/lambda-step.ts';
import { testDeployConfig } from '../support/deploy-config.ts';

const outdir = mkdtempSync(path.join(tmpdir(), 'lanyard-asl-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const { app, stack } = buildApp({ config: testDeployConfig, bundling: false, nag: false, outdir });
const template = app.synth().getStackArtifact(stack.artifactId).template as Template;
const machines = resolveStateMachines(template);

describe('synthesized workflows on the local runtime', () => {
  it('finds the workflows', () => {
    expect(machines.map((m) => m.name)).toContain('Lanyard-Onboarding');
  });

  it.each(machines.map((m) => [m.name, m] as const))(
    '%s uses only the supported ASL subset',
    (_name, machine) => {
      expect(() => assertSupported(machine.name, machine.asl)).not.toThrow();
    },
  );

  it.each(machines.map((m) => [m.name, m] as const))(
    '%s invokes only functions of the step catalog',
    (_name, machine) => {
      const functions = readFunctions(template);
      for (const [state, task] of taskStates(machine.asl)) {
        const arn = String((task.Parameters as Record<string, unknown>).FunctionName);
        const logicalId = arn.split(':function:')[1] as string;
        const step = functions[logicalId]?.environment[STEP_ID_VARIABLE];
        expect(
          STEP_CATALOG.map((s) => s.id),
          `${state} → ${arn}`,
        ).toContain(step);
      }
    },
  );

  it.each(machines.map((m) => [m.name, m] as const))(
    '%s runs byte for byte what CDK synthesized',
    (_name, machine) => {
      // An independent substitution: join the template's parts, each ARN written out by hand.
      const resource = template.Resources?.[machine.logicalId];
      const definition = resource?.Properties?.DefinitionString as
        | { 'Fn::Join': [string, unknown[]] }
        | undefined;
      if (!definition) throw new Error(`${machine.logicalId} has no DefinitionString`);
      const join = definition['Fn::Join'];
      const expected = join[1]
        .map((part) => {
          if (typeof part === 'string') return part;
          const p = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
          if (p.Ref === 'AWS::Partition') return 'aws';
          if (p['Fn::GetAtt']) return `arn:aws:lambda:us-east-1:000000000000:function:${p['Fn::GetAtt'][0]}`;
          throw new Error(`unexpected part ${JSON.stringify(part)}`);
        })
        .join(join[0]);
      expect(machine.aslText).toBe(expected);
      expect(machine.asl).toEqual(JSON.parse(expected));
    },
  );

  it.each(machines.map((m) => [m.name, m] as const))(
    '%s gives every Task more time than its Lambda may run (Task timeout ≥ Lambda timeout + margin)',
    (_name, machine) => {
      const functions = readFunctions(template);
      const margin = TASK_TIMEOUT_MARGIN.toSeconds();
      for (const [state, task] of taskStates(machine.asl)) {
        const arn = String((task.Parameters as Record<string, unknown>).FunctionName);
        const fn = functions[arn.split(':function:')[1] as string];
        expect(fn, state).toBeDefined();
        expect(
          task.TimeoutSeconds,
          `${state}: Task ${task.TimeoutSeconds} s, Lambda ${fn?.timeoutSeconds} s`,
        ).toBeGreaterThanOrEqual((fn?.timeoutSeconds ?? Number.POSITIVE_INFINITY) + margin);
      }
    },
  );

  it.each(machines.map((m) => [m.name, m] as const))(
    '%s retries Lambda throttling, service errors and timed-out invocations on every Task',
    (_name, machine) => {
      for (const [state, task] of taskStates(machine.asl)) {
        const retried = ((task.Retry ?? []) as Array<{ ErrorEquals: string[] }>).flatMap(
          (r) => r.ErrorEquals,
        );
        expect(retried, state).toContain('Lambda.TooManyRequestsException');
        expect(retried, state).toContain('Lambda.ServiceException');
        expect(retried, state).toContain('Sandbox.Timedout');
      }
    },
  );

  it('keeps trying Begin Offboarding, which both access cuts wait for, for about an hour when its Lambda is slow or throttled', () => {
    const offboarding = machines.find((m) => m.name === 'Lanyard-Offboarding');
    const begin =
      offboarding && taskStates(offboarding.asl).find(([state]) => state === OffboardingStates.begin)?.[1];
    const retriers = (begin?.Retry ?? []) as Array<{
      ErrorEquals: string[];
      IntervalSeconds: number;
      BackoffRate: number;
      MaxAttempts: number;
      MaxDelaySeconds?: number;
    }>;
    for (const error of ['Sandbox.Timedout', 'Lambda.TooManyRequestsException']) {
      // The first retrier naming the error is the one Step Functions applies.
      const first = retriers.find((r) => r.ErrorEquals.includes(error));
      expect(first, error).toBeDefined();
      let waited = 0;
      for (let attempt = 0; attempt < (first?.MaxAttempts ?? 0); attempt++)
        waited += Math.min(
          (first?.IntervalSeconds ?? 0) * (first?.BackoffRate ?? 1) ** attempt,
          first?.MaxDelaySeconds ?? Number.POSITIVE_INFINITY,
        );
      expect(waited / 3600, error).toBeGreaterThanOrEqual(1.5); // nominal; full jitter halves it on average
    }
  });

  it('tries a failing Begin Offboarding again for a day before the run fails, unless its input is wrong', () => {
    const offboarding = machines.find((m) => m.name === 'Lanyard-Offboarding');
    const states = (offboarding?.asl.States ?? {}) as Record<string, Record<string, unknown>>;
    const S = OffboardingStates;
    const catchers = (states[S.begin]?.Catch ?? []) as Array<{ ErrorEquals: string[]; Next: string }>;
    expect(catchers.map((c) => [c.ErrorEquals, c.Next])).toEqual([
      [['StepInputInvalidError'], S.beginFailed],
      [['States.ALL'], S.beginDelayed],
    ]);
    const keepTrying = states[S.beginKeepTrying] as { Choices: Array<{ Next: string }>; Default: string };
    expect(keepTrying.Choices.map((c) => c.Next)).toEqual([S.beginWait]);
    expect(keepTrying.Default).toBe(S.beginFailed);
    expect(states[S.beginWait]).toMatchObject({ Type: 'Wait', Seconds: 1_800, Next: S.begin });
  });
});
