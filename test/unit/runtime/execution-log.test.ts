/**
 * The local runtime's executions log (infra/local/runtime/executions.ts): one line appended per
 * start and end, the last line of an execution its state, a torn last line (a crash mid-append)
 * dropped, compacted on open; a data dir of an earlier version (one JSON array) still opens.
 * Real files in a temp dir; the machines are Pass and Wait states, so no Lambda runs. A guard
 * timeout above the default: the first start validates the two machines (asl-validator, cold, over
 * 5 s on a loaded 2-core machine).
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ExecutionRecord, Executions } from '../../../infra/local/runtime/executions.ts';
import { LambdaHost } from '../../../infra/local/runtime/lambda-host.ts';
import { TaskTokens } from '../../../infra/local/runtime/task-tokens.ts';
import type { ResolvedStateMachine } from '../../../infra/local/template/read-template.ts';

const machine = (name: string, asl: Record<string, unknown>): ResolvedStateMachine => ({
  logicalId: name,
  name,
  arn: `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`,
  aslText: JSON.stringify(asl),
  asl,
});
const quick = machine('Quick', { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } });
const slow = machine('Slow', {
  StartAt: 'Hold',
  States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } },
});

const dirs: string[] = [];
const runtimes: Executions[] = [];
afterEach(() => {
  for (const r of runtimes.splice(0)) r.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(dataDir: string): Executions {
  const executions = new Executions({
    machines: [quick, slow],
    host: new LambdaHost({}),
    tokens: new TaskTokens(),
    dataDir,
  });
  runtimes.push(executions);
  return executions;
}

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanyard-execution-log-'));
  dirs.push(dir);
  return dir;
}

const logLines = (dir: string) =>
  readFileSync(path.join(dir, 'executions.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ExecutionRecord);

describe('the executions log', { timeout: 30_000 }, () => {
  it('appends a line at each start and each end, and keeps one line per execution when opened again', async () => {
    const dir = dataDir();
    const first = open(dir);
    const done = first.start(quick.arn, 'q-1', '{"n":1}');
    first.start(slow.arn, 's-1', '{"n":2}');
    await first.settled(done.executionArn);

    expect(logLines(dir).map((r) => `${r.name}:${r.status}`)).toEqual([
      'q-1:RUNNING',
      's-1:RUNNING',
      'q-1:SUCCEEDED',
    ]);
    first.close();

    const second = open(dir);
    expect(logLines(dir).map((r) => `${r.name}:${r.status}`)).toEqual(['q-1:SUCCEEDED', 's-1:RUNNING']);
    expect(second.resumeInFlight().map((r) => r.name)).toEqual(['s-1']);
    expect(second.describe(done.executionArn)).toMatchObject({ status: 'SUCCEEDED', input: '{"n":1}' });
  });

  it('drops a torn last line, an append a crash cut short, and still refuses a damaged line before it', () => {
    const dir = dataDir();
    const first = open(dir);
    first.start(slow.arn, 's-1', '{}');
    first.close();
    const file = path.join(dir, 'executions.jsonl');
    appendFileSync(file, '{"executionArn":"arn:aws:states:us-east-1:000000000000:execution:Slow:s-2","st');

    const second = open(dir);
    expect(second.resumeInFlight().map((r) => r.name)).toEqual(['s-1']);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    second.close();

    writeFileSync(file, `{"torn\n${readFileSync(file, 'utf8')}`);
    expect(() => open(dir)).toThrow(SyntaxError);
  });

  it('opens the data dir of an earlier version (one JSON array) and moves it to the log', () => {
    const dir = dataDir();
    const earlier: ExecutionRecord = {
      executionArn: `${slow.arn.replace(':stateMachine:', ':execution:')}:old-1`,
      stateMachineArn: slow.arn,
      name: 'old-1',
      input: '{}',
      status: 'RUNNING',
      startDate: 1,
    };
    writeFileSync(path.join(dir, 'executions.json'), JSON.stringify([earlier]));

    const executions = open(dir);
    expect(executions.resumeInFlight().map((r) => r.name)).toEqual(['old-1']);
    expect(logLines(dir)).toEqual([earlier]);
    expect(existsSync(path.join(dir, 'executions.json'))).toBe(false);
  });
});
