/**
 * The ASL subset the local runtime runs, enforced before anything runs: a definition is first
 * validated with asl-validator (`checkArn`, `checkPaths`; invalid → its text), then every state
 * outside the subset is refused by name (also inside Map ItemProcessor/Iterator and Parallel
 * branches), never silently mis-run. ./task-dispatch.ts adds the function checks
 * (`assertTasksMapped`): both run for every machine when the runtime starts.
 *
 * Support matrix (aws-local-stepfunctions 3.0.0 + Lanyard's dispatcher):
 *
 * | Area        | Supported                                                | Refused                                          |
 * |-------------|----------------------------------------------------------|--------------------------------------------------|
 * | Language    | JSONPath: InputPath, Parameters, ResultSelector,         | `QueryLanguage: JSONata`, `Arguments`, `Output`, |
 * |             | ResultPath, OutputPath, intrinsics (States.MathAdd, …)   | `Assign` (the library would run them wrongly)    |
 * | Task        | `arn:aws:states:::lambda:invoke`: the response envelope  | every other Resource: direct Lambda ARNs,        |
 * |             | `{ExecutedVersion, Payload, SdkHttpMetadata,             | `aws-sdk:*`, other service integrations          |
 * |             | SdkResponseMetadata, StatusCode}`                        |                                                  |
 * |             | `…lambda:invoke.waitForTaskToken`: `$$.Task.Token`       |                                                  |
 * |             | injected, answered by SendTaskSuccess / SendTaskFailure  |                                                  |
 * | Function    | static `FunctionName` (ARN, partial ARN or name, any     | `FunctionName.$`, a function not in the map,     |
 * |             | qualifier) mapped to the function map; RequestResponse   | `InvocationType` other than RequestResponse      |
 * | Task timing | `TimeoutSeconds` on every Task, ≤ 2,147,483 s            | no TimeoutSeconds (the library's default is 60 s,|
 * |             |                                                          | AWS's 99,999,999 s), `TimeoutSecondsPath`,       |
 * |             |                                                          | larger values (setTimeout overflow ends them at  |
 * |             |                                                          | once), `HeartbeatSeconds(Path)`                  |
 * | Flow        | Pass, Choice, Succeed, Fail, Parallel; Wait (Seconds ≤   | Distributed Map: `ItemReader`, `ItemBatcher`,    |
 * |             | (Choice: `Not` around IsNull / IsPresent: true)          | `IsNull: false`, `IsPresent: false`              |
 * |             | 2,147,483, Timestamp, SecondsPath, TimestampPath); inline| `ResultWriter`, `ToleratedFailure*`,             |
 * |             | Map (ItemsPath, ItemSelector, MaxConcurrency(Path))      | `ProcessorConfig.Mode: DISTRIBUTED`              |
 * | Errors      | Retry (IntervalSeconds, BackoffRate, MaxAttempts,        | a Retry / Catch naming States.DataLimitExceeded  |
 * |             | MaxDelaySeconds, JitterStrategy), Catch, States.ALL /    |                                                  |
 * |             | TaskFailed / Timeout; a Lambda error keeps its name and  |                                                  |
 * |             | its Cause is Lambda's `{errorType,errorMessage,trace}`   |                                                  |
 * | Machine     | top-level `TimeoutSeconds` ≤ 2,147,483 s                 | larger values                                    |
 * | Context     | `$$.Execution.Id/Name/Input/StartTime/RoleArn`,          | –                                                |
 * |             | `$$.StateMachine.Id/Name`, `$$.Task.Token`,              |                                                  |
 * |             | `$$.Map.Item.Index/Value` (in ItemSelector, as on AWS)   |                                                  |
 *
 * Known limits that cannot be checked before a run: a SecondsPath / TimestampPath wait longer
 * than 2,147,483 s ends at once (one setTimeout); a `$$.Task.Token` read outside a
 * `.waitForTaskToken` Task yields a token nobody waits on.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import aslValidator from 'asl-validator';

/** setTimeout overflows above 2^31-1 ms: a longer timeout would fire at once. */
export const MAX_TIMEOUT_SECONDS = 2_147_483;

export const SUPPORTED_TASK_RESOURCES = [
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken',
] as const;

type States = Record<string, Record<string, unknown>>;

export function assertSupported(machine: string, definition: Record<string, unknown>): void {
  const invalid = aslErrors(definition);
  if (invalid !== null) throw new Error(`${machine}: invalid ASL — ${invalid}`);
  const problems: string[] = [];
  checkTopLevel(definition, machine, problems);
  walk(definition.States as States, machine, problems);
  if (problems.length > 0) {
    throw new Error(
      `${machine} uses ASL the local runtime does not support:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

const VALIDATOR_VERSION: string = createRequire(import.meta.url)('asl-validator/package.json').version;
/** Definitions asl-validator passed, by hash: in this process, and as marker files for the others. */
const passed = new Set<string>();
const PASSED_DIR = path.join(tmpdir(), 'lanyard-asl-validated');

/**
 * asl-validator's verdict on a definition (`checkArn`, `checkPaths`): its errors' text, or null.
 * It builds its JSON-schema validator anew on every call, 150–700 ms on this 2-core machine, and
 * the local stack validates its four machines at every start (each test file, each restart), so a
 * pass is remembered by the hash of the definition and the validator's version: in this process
 * and as an empty marker file in the OS temp dir, which the test workers share. Only passes are
 * kept, so an invalid definition is always validated again and always refused.
 */
function aslErrors(definition: Record<string, unknown>): string | null {
  const key = createHash('sha256')
    .update(`asl-validator@${VALIDATOR_VERSION} checkArn checkPaths\n`)
    .update(JSON.stringify(definition))
    .digest('hex');
  const marker = path.join(PASSED_DIR, key);
  if (passed.has(key) || existsSync(marker)) return null;
  // asl-validator fills in defaults (e.g. QueryLanguage) on what it is given: validate a copy.
  const validation = aslValidator(structuredClone(definition), { checkArn: true, checkPaths: true });
  if (!validation.isValid) return validation.errorsText('; ');
  passed.add(key);
  try {
    mkdirSync(PASSED_DIR, { recursive: true });
    writeFileSync(marker, '');
  } catch {
    // Only a cache: the next process validates again.
  }
  return null;
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
    // The library writes the result under a key named "$" instead of replacing the state's data;
    // omit ResultPath for that (it is the default).
    if (state.ResultPath === '$') problems.push(`${at}: ResultPath "$" (omit it: "$" is the default)`);
    // The runtime raises States.DataLimitExceeded as AWS's terminal error, which no Retry or Catch
    // takes; AWS lets a retrier or catcher that names it take it, which the library cannot express.
    for (const field of ['Retry', 'Catch'] as const)
      for (const rule of (state[field] ?? []) as Array<{ ErrorEquals?: string[] }>)
        if (rule.ErrorEquals?.includes('States.DataLimitExceeded'))
          problems.push(
            `${at}: ${field} names States.DataLimitExceeded (terminal locally: never retried or caught)`,
          );
    switch (state.Type) {
      case 'Task': {
        const resource = String(state.Resource);
        if (!(SUPPORTED_TASK_RESOURCES as readonly string[]).includes(resource)) {
          problems.push(`${at}: Task resource ${resource} (only Lambda invoke and .waitForTaskToken)`);
        }
        if (typeof state.TimeoutSeconds !== 'number')
          problems.push(
            `${at}: Task without TimeoutSeconds${'TimeoutSecondsPath' in state ? ' (TimeoutSecondsPath cannot be checked before the run)' : ''}`,
          );
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
      case 'Wait':
        // The interpreter sleeps with one setTimeout: a longer wait would end at once.
        if (typeof state.Seconds === 'number' && state.Seconds > MAX_TIMEOUT_SECONDS)
          problems.push(`${at}: Wait Seconds ${state.Seconds} is above ${MAX_TIMEOUT_SECONDS}`);
        break;
      case 'Choice':
        for (const rule of (state.Choices ?? []) as unknown[]) negatedTests(rule, at, problems);
        break;
      case 'Pass':
      case 'Succeed':
      case 'Fail':
        break;
      default:
        problems.push(`${at}: state type ${String(state.Type)}`);
    }
  }
}

/**
 * aws-local-stepfunctions evaluates `IsNull: false` and `IsPresent: false` as always false (it
 * returns `expected && …`), where AWS tests for a value that is not null / not present; a
 * definition using them would take another branch locally than on AWS. `Not` around the positive
 * test means the same and is evaluated right.
 */
function negatedTests(rule: unknown, at: string, problems: string[]): void {
  if (!rule || typeof rule !== 'object') return;
  const r = rule as Record<string, unknown>;
  for (const test of ['IsNull', 'IsPresent'])
    if (r[test] === false)
      problems.push(
        `${at}: Choice rule ${test}: false on ${String(r.Variable)} (write Not { ${test}: true })`,
      );
  for (const nested of [...((r.And ?? []) as unknown[]), ...((r.Or ?? []) as unknown[]), r.Not])
    negatedTests(nested, at, problems);
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
