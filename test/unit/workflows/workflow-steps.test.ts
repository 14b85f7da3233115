/**
 * The step catalog says which workflow invokes each step, and the stack hands every workflow its
 * steps from it (infra/workflow-steps.ts). Here the real definitions are built (stand-in functions,
 * no synth) from the real catalog and from catalogs changed by one entry, which must be refused.
 */
import { App, Duration, aws_lambda as lambda, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { STEP_CATALOG, type WorkflowId } from '../../../infra/step-catalog.ts';
import { buildWithCatalogSteps, type WorkflowMembership } from '../../../infra/workflow-steps.ts';
import { buildSweepDefinition } from '../../../workflows/idle-seat-sweep/sweep-definition.ts';
import { buildOffboardingDefinition } from '../../../workflows/offboarding/offboarding-definition.ts';
import { buildOnboardingDefinition } from '../../../workflows/onboarding/onboarding-definition.ts';
import { buildReconciliationDefinition } from '../../../workflows/reconciliation/reconciliation-definition.ts';

const approvalTimeout = Duration.days(7);

/** A stand-in function (by ARN) for every id of the catalog, plus any extra ids asked for. */
function standIns(stack: Stack, extra: string[] = []): Record<string, lambda.IFunction> {
  const ids = [...STEP_CATALOG.map((step) => step.id), ...extra];
  return Object.fromEntries(
    ids.map((id) => [
      id,
      lambda.Function.fromFunctionArn(stack, id, `arn:aws:lambda:us-east-1:123456789012:function:${id}`),
    ]),
  );
}

/** Builds one workflow's real definition with its steps from `catalog`. */
function buildDefinition(workflow: WorkflowId, catalog: readonly WorkflowMembership[], extra: string[] = []) {
  const stack = new Stack(new App(), 'Render');
  const functions = standIns(stack, extra);
  switch (workflow) {
    case 'onboarding':
      return buildWithCatalogSteps(
        workflow,
        functions,
        (steps) =>
          buildOnboardingDefinition(stack, {
            steps,
            approvalTimeout,
            firstLoginPollInterval: Duration.hours(1),
            firstLoginMaxPollInterval: Duration.hours(6),
          }),
        catalog,
      );
    case 'offboarding':
      return buildWithCatalogSteps(
        workflow,
        functions,
        (steps) => buildOffboardingDefinition(stack, { steps, approvalTimeout }),
        catalog,
      );
    case 'idle-seat-sweep':
      return buildWithCatalogSteps(
        workflow,
        functions,
        (steps) => buildSweepDefinition(stack, { steps, approvalTimeout }),
        catalog,
      );
    case 'reconciliation':
      return buildWithCatalogSteps(
        workflow,
        functions,
        (steps) => buildReconciliationDefinition(stack, { steps, approvalTimeout }),
        catalog,
      );
  }
}

const WORKFLOWS: WorkflowId[] = ['onboarding', 'offboarding', 'idle-seat-sweep', 'reconciliation'];

describe('workflows take their steps from the catalog', () => {
  it.each(WORKFLOWS)('builds %s from exactly the steps the catalog lists for it', (workflow) => {
    expect(STEP_CATALOG.some((step) => step.workflow === workflow)).toBe(true);
    expect(() => buildDefinition(workflow, STEP_CATALOG)).not.toThrow();
  });

  it('lists a workflow or none for every step: the rest are the asynchronous ones', () => {
    const asynchronous = STEP_CATALOG.filter((step) => step.workflow === null).map((step) => step.id);
    expect(asynchronous).toEqual(['apply-profile-event', 'watch-seats', 'close-stranded-run']);
  });

  it('rejects a catalog step listed for a workflow whose definition never invokes it', () => {
    const catalog = [...STEP_CATALOG, { id: 'send-welcome-gift', workflow: 'onboarding' as const }];

    const building = () => buildDefinition('onboarding', catalog, ['send-welcome-gift']);

    expect(building).toThrow(
      'infra/step-catalog.ts lists "send-welcome-gift" for the onboarding workflow, whose definition never invokes it',
    );
  });

  it('rejects a definition that invokes a step the catalog does not list for its workflow', () => {
    const catalog = STEP_CATALOG.map((step) =>
      step.id === 'grant-seat' ? { ...step, workflow: 'reconciliation' as const } : step,
    );

    const building = () => buildDefinition('onboarding', catalog);

    expect(building).toThrow(
      'The onboarding workflow asks for step "grant-seat", which infra/step-catalog.ts does not list for it',
    );
  });

  it('rejects, at compile time and at synth, a step of another workflow', () => {
    const stack = new Stack(new App(), 'Render');

    const reaching = () =>
      buildWithCatalogSteps(
        'onboarding',
        standIns(stack),
        (steps) =>
          // @ts-expect-error: the catalog lists begin-offboarding for offboarding only (tsc checks this line).
          steps['begin-offboarding'].functionArn,
      );

    expect(reaching).toThrow(
      'The onboarding workflow asks for step "begin-offboarding", which infra/step-catalog.ts does not list for it',
    );
  });
});
