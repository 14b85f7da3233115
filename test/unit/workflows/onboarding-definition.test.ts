/**
 * The onboarding chain rendered to ASL without a full synth (stand-in functions), so the shape
 * rules are checked in milliseconds: every path of the core's enum is handled, every Task has a
 * timeout, retries name real errors, catchers end with States.ALL.
 */
import { App, Duration, aws_lambda as lambda, Stack, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ErrorNames } from '../../../functions/core/errors.ts';
import { OnboardingPaths } from '../../../functions/core/onboarding-decision.ts';
import { STEP_CATALOG } from '../../../infra/step-catalog.ts';
import {
  buildOnboardingDefinition,
  type OnboardingStepId,
} from '../../../workflows/onboarding/onboarding-definition.ts';
import { OnboardingStates } from '../../../workflows/onboarding/onboarding-states.ts';

/** The onboarding steps, as the catalog lists them (the stack hands the definition the same). */
const STEP_IDS = STEP_CATALOG.filter((step) => step.workflow === 'onboarding').map((step) => step.id);

type State = Record<string, unknown> & { Type: string };

function render(): { StartAt: string; States: Record<string, State> } {
  const stack = new Stack(new App(), 'Render');
  const steps = Object.fromEntries(
    STEP_IDS.map((id) => [
      id,
      lambda.Function.fromFunctionArn(stack, id, `arn:aws:lambda:us-east-1:123456789012:function:${id}`),
    ]),
  ) as Record<OnboardingStepId, lambda.IFunction>;
  const chain = buildOnboardingDefinition(stack, {
    steps,
    approvalTimeout: Duration.days(7),
    firstLoginPollInterval: Duration.hours(1),
    firstLoginMaxPollInterval: Duration.hours(6),
  });
  const graph = new sfn.StateGraph(chain.startState, 'onboarding');
  return stack.resolve(graph.toGraphJson());
}

describe('onboarding definition', () => {
  const asl = render();
  const states = asl.States;

  it('uses the stable state names', () => {
    for (const name of Object.values(OnboardingStates)) expect(Object.keys(states)).toContain(name);
    expect(asl.StartAt).toBe(OnboardingStates.initialize);
  });

  it('handles every onboarding path the core can return', () => {
    const choice = states[OnboardingStates.choosePath] as unknown as {
      Choices: Array<{ StringEquals: string }>;
    };
    expect(choice.Choices.map((c) => c.StringEquals).sort()).toEqual([...OnboardingPaths].sort());
  });

  it('gives every Task an explicit timeout', () => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
    }
  });

  it('waits for a seat approval with a task token and the approval timeout', () => {
    const ask = states[OnboardingStates.askForSeats] as State & {
      Parameters: { Payload: Record<string, string> };
    };
    expect(JSON.stringify(ask.Resource)).toContain(':states:::lambda:invoke.waitForTaskToken');
    expect(ask.Parameters.Payload['taskToken.$']).toBe('$$.Task.Token');
    expect(ask.TimeoutSeconds).toBe(7 * 24 * 3600);
  });

  it('retries and catches only errors the core defines, with States.ALL last', () => {
    const known = new Set<string>([
      ...Object.values(ErrorNames),
      'Lambda.ClientExecutionTimeoutException',
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
    ]);
    for (const [name, state] of Object.entries(states)) {
      const retry = (state.Retry ?? []) as Array<{ ErrorEquals: string[] }>;
      const katch = (state.Catch ?? []) as Array<{ ErrorEquals: string[] }>;
      for (const r of [...retry, ...katch])
        for (const e of r.ErrorEquals) expect(known, `${name}: ${e}`).toContain(e);
      const allIndex = katch.findIndex((c) => c.ErrorEquals.includes('States.ALL'));
      if (allIndex >= 0) expect(allIndex, name).toBe(katch.length - 1);
    }
  });

  it('sends a seat shortage to the approval, and the approval back to the grant', () => {
    const grant = states[OnboardingStates.grant] as State & {
      Catch: Array<{ ErrorEquals: string[]; Next: string }>;
    };
    expect(grant.Catch[0]).toMatchObject({
      ErrorEquals: [ErrorNames.SeatsExhausted],
      Next: OnboardingStates.countSeatRequest,
    });
    expect(states[OnboardingStates.askForSeats]?.Next).toBe(OnboardingStates.grant);
  });

  it('tries Finish Onboarding again for long when it times out, is throttled or DynamoDB throttles it', () => {
    // Nothing catches the step that records the run: a few tries would strand it `running`.
    const retry = (states[OnboardingStates.finish]?.Retry ?? []) as Array<{
      ErrorEquals: string[];
      MaxAttempts: number;
    }>;
    // The first retrier naming an error is the one Step Functions uses for it.
    expect(retry.find((r) => r.ErrorEquals.includes(ErrorNames.LambdaTimedOut))).toMatchObject({
      ErrorEquals: [
        ErrorNames.LambdaTimedOut,
        ErrorNames.LambdaThrottled,
        ErrorNames.RecordsThroughputExceeded,
        ErrorNames.RecordsThrottled,
      ],
      MaxAttempts: 60,
    });
  });

  it('ends a failed run in a Fail state so alarms count it', () => {
    expect(states[OnboardingStates.failed]?.Type).toBe('Fail');
  });
});
