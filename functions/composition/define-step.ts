/**
 * Wraps a use case as a Lambda step handler, the same way for every step:
 * 1. parse the payload with the step's input schema (bad input → StepInputInvalidError, nothing changed);
 * 2. get the dependencies (built once per cold start from config): what every step gets, the
 *    ports the step names in `ports` — its handler imports just those providers, so the
 *    function's bundle holds just those adapters — and the record ports it names in `records`;
 * 3. tag log lines with the step and run (never the person's email or any secret);
 * 4. run the use case within the invocation's time budget (invocation-budget.ts) and check its
 *    result against the output schema.
 * Errors keep their class name: that name is what the workflow's Retry/Catch match.
 */
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { StepInputInvalidError } from '../core/errors.ts';
import type { RecordPortName } from '../ports/records/record-ports.ts';
import { dependenciesOf, type PortName, type PortSet, type StepDependencies } from './composition.ts';
import { budgetOf, withBudget } from './invocation-budget.ts';
import { logger } from './powertools.ts';

export interface StepSpec<I extends z.ZodType, O extends z.ZodType, R extends RecordPortName> {
  /** The step id, as in infra/step-catalog.ts. */
  name: string;
  input: I;
  output: O;
  /** The step cuts a leaver's access: its rate-limited calls go ahead of other work. @default false */
  urgent?: boolean;
  /**
   * The ports the step's use case calls, from runtime/providers/ (`{ trello, notifier }`); the
   * config, clock and settings come with every step. A port not named here throws
   * UndeclaredPortError when the step uses it.
   */
  ports: PortSet;
  /**
   * The record ports the step's use case reads or writes (`['runs', 'audit']`), as its catalog
   * entry lists them (infra/step-catalog.ts; a test keeps the two equal). `run` gets only these:
   * using another does not compile, and throws UndeclaredPortError if it gets past the compiler.
   */
  records: readonly R[];
  run: (input: z.output<I>, deps: StepDependencies<R>) => Promise<z.input<O>>;
}

export type StepHandler<O extends z.ZodType> = ((
  event: unknown,
  context?: Context,
) => Promise<z.output<O>>) & {
  /** The ports the step named (what its function bundles besides what every step gets). */
  readonly ports: readonly PortName[];
  /** The record ports the step named. */
  readonly records: readonly RecordPortName[];
};

export function defineStep<I extends z.ZodType, O extends z.ZodType, R extends RecordPortName = never>(
  spec: StepSpec<I, O, R>,
): StepHandler<O> {
  const dependencies = dependenciesOf(spec.ports, `Step ${spec.name}`, spec.records);
  const handler = async (event: unknown, context?: Context): Promise<z.output<O>> => {
    const parsed = spec.input.safeParse(event);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
        .join('; ');
      throw new StepInputInvalidError(`Step ${spec.name} got an invalid payload — ${issues}`);
    }
    if (context) logger.addContext(context);
    logger.appendKeys({ step: spec.name, runId: runIdOf(parsed.data) });
    try {
      const deps = await dependencies();
      const budget = context ? budgetOf(context, spec.urgent ?? false) : undefined;
      const result = await withBudget(budget, () => spec.run(parsed.data, deps));
      return spec.output.parse(result);
    } catch (error) {
      logger.warn('step failed', {
        errorName: (error as Error).name,
        errorMessage: (error as Error).message,
      });
      throw error;
    } finally {
      logger.removeKeys(['step', 'runId']);
    }
  };
  return Object.assign(handler, { ports: dependencies.ports, records: dependencies.records });
}

function runIdOf(input: unknown): string | undefined {
  const run = (input as { run?: { runId?: unknown } } | null)?.run;
  return typeof run?.runId === 'string' ? run.runId : undefined;
}
