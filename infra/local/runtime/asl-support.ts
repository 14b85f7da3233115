/**
 * The ASL subset the local runtime runs, enforced before anything runs (a state outside it is
 * refused by name, never silently mis-run):
 *
 * | Supported                                                    | Refused                                        |
 * |--------------------------------------------------------------|------------------------------------------------|
 * | JSONPath (InputPath, Parameters, ResultSelector, ResultPath,  | JSONata (`QueryLanguage`, `Arguments`,         |
 * | OutputPath), intrinsic functions                              | `Output`, `Assign`): aws-local-stepfunctions    |
 * |                                                              | would run it wrongly without a word            |
 * | Task: `arn:aws:states:::lambda:invoke` and `…:invoke.waitForTaskToken` | any other Resource (aws-sdk integrations, direct ARNs) |
 * | Pass, Choice, Wait, Succeed, Fail, inline Map, Parallel       | Distributed Map (`ItemReader`, `ItemBatcher`,  |
 * |                                                              | `ResultWriter`, `ToleratedFailure*`)            |
 * | Retry (incl. MaxDelaySeconds, JitterStrategy), Catch          | `HeartbeatSeconds`                              |
 * | `TimeoutSeconds` on every Task (required), ≤ 2,147,483 s      | a Task without TimeoutSeconds (the library's    |
 * |                                                              | 60 s default differs from AWS), longer timeouts |
 *
 * The definition is also validated with asl-validator (ARNs and paths checked).
 */
import aslValidator from 'asl-validator';

/** setTimeout overflows above 2^31-1 ms: a longer timeout would fire at once. */
export const MAX_TIMEOUT_SECONDS = 2_147_483;

export const SUPPORTED_TASK_RESOURCES = [
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken',
] as const;

type States = Record<string, Record<string, unknown>>;

export function assertSupported(machine: string, definition: Record<string, unknown>): void {
  // asl-validator fills in defaults (e.g. QueryLanguage) on what it is given: validate a copy.
  const validation = aslValidator(structuredClone(definition), { checkArn: true, checkPaths: true });
  if (!validation.isValid) throw new Error(`${machine}: invalid ASL — ${validation.errorsText('; ')}`);
  const problems: string[] = [];
  checkTopLevel(definition, machine, problems);
  walk(definition.States as States, machine, problems);
  if (problems.length > 0) {
    throw new Error(
      `${machine} uses ASL the local runtime does not support:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

function checkTopLevel(definition: Record<string, unknown>, where: string, problems: string[]): void {
  if (definition.QueryLanguage === 'JSONata')
    problems.push(`${where}: QueryLanguage JSONata (JSONPath only)`);
  const timeout = definition.TimeoutSeconds;
  if (typeof timeout === 'number' && timeout > MAX_TIMEOUT_SECONDS) {
    problems.push(`${where}: TimeoutSeconds ${timeout} is above ${MAX_TIMEOUT_SECONDS}`);
  }
}

function walk(states: States, where: string, problems: string[]): void {
  for (const [name, state] of Object.entries(states)) {
    const at = `state "${name}" of ${where}`;
    // CDK writes `QueryLanguage: JSONPath` on every state; only JSONata is refused.
    if ('QueryLanguage' in state && state.QueryLanguage !== 'JSONPath')
      problems.push(`${at}: QueryLanguage ${String(state.QueryLanguage)}`);
    for (const field of ['Arguments', 'Output', 'Assign']) {
      if (field in state) problems.push(`${at}: ${field} (JSONata / variables are not supported)`);
    }
    switch (state.Type) {
      case 'Task': {
        const resource = String(state.Resource);
        if (!(SUPPORTED_TASK_RESOURCES as readonly string[]).includes(resource)) {
          problems.push(`${at}: Task resource ${resource} (only Lambda invoke and .waitForTaskToken)`);
        }
        if (typeof state.TimeoutSeconds !== 'number') problems.push(`${at}: Task without TimeoutSeconds`);
        else if (state.TimeoutSeconds > MAX_TIMEOUT_SECONDS)
          problems.push(`${at}: TimeoutSeconds above ${MAX_TIMEOUT_SECONDS}`);
        if ('HeartbeatSeconds' in state || 'HeartbeatSecondsPath' in state)
          problems.push(`${at}: HeartbeatSeconds`);
        break;
      }
      case 'Map': {
        for (const field of [
          'ItemReader',
          'ItemBatcher',
          'ResultWriter',
          'ToleratedFailureCount',
          'ToleratedFailurePercentage',
        ]) {
          if (field in state) problems.push(`${at}: ${field} (Distributed Map)`);
        }
        const processor = (state.ItemProcessor ?? state.Iterator) as
          | { States?: States; ProcessorConfig?: { Mode?: string } }
          | undefined;
        if (processor?.ProcessorConfig?.Mode === 'DISTRIBUTED') problems.push(`${at}: Distributed Map`);
        if (processor?.States) walk(processor.States, `${at} (Map)`, problems);
        break;
      }
      case 'Parallel':
        for (const [i, branch] of ((state.Branches ?? []) as Array<{ States: States }>).entries()) {
          walk(branch.States, `${at} (branch ${i})`, problems);
        }
        break;
      case 'Pass':
      case 'Choice':
      case 'Wait':
      case 'Succeed':
      case 'Fail':
        break;
      default:
        problems.push(`${at}: state type ${String(state.Type)}`);
    }
  }
}

/** Every Task state of a definition (incl. inside Map and Parallel), by name. */
export function taskStates(definition: Record<string, unknown>): Array<[string, Record<string, unknown>]> {
  const found: Array<[string, Record<string, unknown>]> = [];
  const visit = (states: States) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') found.push([name, state]);
      const processor = (state.ItemProcessor ?? state.Iterator) as { States?: States } | undefined;
      if (processor?.States) visit(processor.States);
      for (const branch of (state.Branches ?? []) as Array<{ States: States }>) visit(branch.States);
    }
  };
  visit(definition.States as States);
  return found;
}
