/**
 * Hands each workflow its steps from the catalog (infra/step-catalog.ts `workflow`), so which step
 * runs in which state machine is written once. The types keep a definition to the steps the catalog
 * lists for it; this keeps the catalog honest the other way, at synth: a step listed for a workflow
 * whose definition never invokes it is refused (an unused function with live grants), and so is a
 * definition reaching, past the types, for a step not listed for it.
 */
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { STEP_CATALOG, type StepDefinition, type WorkflowId, type WorkflowStepId } from './step-catalog.ts';

/** What this module reads of a catalog entry (a test passes a catalog of its own). */
export type WorkflowMembership = Pick<StepDefinition, 'id' | 'workflow'>;

/**
 * Builds `workflow` (its construct, or just its definition) with the catalog's steps for it, by
 * step id from `functions`, then refuses the listed steps the build never asked for.
 */
export function buildWithCatalogSteps<W extends WorkflowId, T>(
  workflow: W,
  functions: Readonly<Record<string, IFunction>>,
  build: (steps: Record<WorkflowStepId<W>, IFunction>) => T,
  catalog: readonly WorkflowMembership[] = STEP_CATALOG,
): T {
  const listed = new Set(catalog.filter((step) => step.workflow === workflow).map((step) => step.id));
  const asked = new Set<string>();
  // A Proxy rather than a plain record: it sees which steps the definition reads, and throws on an
  // id it reaches for that the catalog does not list (a plain record would hand back `undefined`,
  // failing later, far from the cause).
  const steps = new Proxy({} as Record<WorkflowStepId<W>, IFunction>, {
    get(target, key, receiver) {
      if (typeof key !== 'string') return Reflect.get(target, key, receiver);
      if (!listed.has(key))
        throw new Error(
          `The ${workflow} workflow asks for step "${key}", which infra/step-catalog.ts does not list for it`,
        );
      const fn = functions[key];
      if (!fn) throw new Error(`Step "${key}" of the ${workflow} workflow has no function`);
      asked.add(key);
      return fn;
    },
  });
  const built = build(steps);
  const unused = [...listed].filter((id) => !asked.has(id));
  if (unused.length > 0)
    throw new Error(
      `infra/step-catalog.ts lists ${unused.map((id) => `"${id}"`).join(', ')} for the ${workflow} workflow, whose definition never invokes ${unused.length === 1 ? 'it' : 'them'}`,
    );
  return built;
}
