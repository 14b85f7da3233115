import { describe, expect, it } from 'vitest';
import {
  allPages,
  aProfile,
  aRun,
  type MakeRecords,
  MINUTE,
  plus,
  recordsUnderTest,
  runIds,
  T0,
} from './records-under-test.ts';

export function runsContract(name: string, make: MakeRecords): void {
  describe(`Runs contract: ${name}`, () => {
    const env = recordsUnderTest(make);
    describe('runs', () => {
      it('creates a run once and returns the stored run to a duplicate', async () => {
        const first = await env.records.runs.createRun(aRun('r1'));
        expect(first).toEqual({ created: true, run: aRun('r1') });
        const again = await env.records.runs.createRun(
          aRun('r1', { executionName: 'exec-other', status: 'failed' }),
        );
        expect(again).toEqual({ created: false, run: aRun('r1') });
        expect(await env.records.runs.getRun('r1')).toEqual(aRun('r1'));
        expect(await env.records.runs.getRun('missing')).toBeNull();
      });

      it('replaces a step run again instead of piling it up, keeping first-seen order', async () => {
        await env.records.runs.createRun(aRun('r1'));
        // The clock never moves: the order must not depend on it.
        await env.records.runs.recordRunStep('r1', { step: 'decide', at: T0, result: 'done', detail: 'a' });
        await env.records.runs.recordRunStep('r1', {
          step: 'grant-seat',
          at: T0,
          result: 'failed',
          detail: 'b',
        });
        await env.records.runs.recordRunStep('r1', {
          step: 'decide',
          at: T0,
          result: 'done',
          detail: 'again',
        });
        await env.records.runs.recordRunStep('r1', {
          step: 'grant-seat',
          at: T0,
          result: 'done',
          detail: 'c',
        });
        await env.records.runs.recordRunStep('r1', {
          step: 'verify',
          at: T0,
          result: 'planned',
          detail: 'd',
        });
        const run = await env.records.runs.getRun('r1');
        expect(run?.steps.map((s) => [s.step, s.result, s.detail])).toEqual([
          ['decide', 'done', 'again'],
          ['grant-seat', 'done', 'c'],
          ['verify', 'planned', 'd'],
        ]);
      });

      it('keeps every step recorded concurrently, once each', async () => {
        await env.records.runs.createRun(aRun('r1'));
        const names = Array.from({ length: 8 }, (_, i) => `step-${i}`);
        await Promise.all(
          [...names, ...names].map((step) =>
            env.records.runs.recordRunStep('r1', { step, at: T0, result: 'done', detail: step }),
          ),
        );
        const steps = (await env.records.runs.getRun('r1'))?.steps.map((s) => s.step) ?? [];
        expect([...steps].sort()).toEqual(names);
      });

      it('rejects a step or an end for a run that does not exist', async () => {
        const step = { step: 'x', at: T0, result: 'done', detail: '' } as const;
        await expect(env.records.runs.recordRunStep('missing', step)).rejects.toThrow(/does not exist/);
        const end = { status: 'failed', outcome: 'x', summary: 'x', finishedAt: T0 } as const;
        await expect(env.records.runs.finishRun('missing', end)).rejects.toThrow(/does not exist/);
      });

      it('answers the run status a recorded step left, to spare a second write', async () => {
        await env.records.runs.createRun(aRun('r1'));
        const step = { step: 'grant-seat', at: T0, result: 'done', detail: 'ok' } as const;
        expect(await env.records.runs.recordRunStep('r1', step)).toBe('running');
        await env.records.runs.setRunWaiting('r1', 'waiting-approval', 'running');
        expect(await env.records.runs.recordRunStep('r1', { ...step, detail: 'again' })).toBe(
          'waiting-approval',
        );
      });

      it('finishes a run and moves it between status listings', async () => {
        await env.records.runs.createRun(aRun('r1'));
        await env.records.runs.recordRunStep('r1', {
          step: 'grant-seat',
          at: T0,
          result: 'done',
          detail: 'ok',
        });
        const end = {
          status: 'succeeded',
          outcome: 'licensed',
          summary: 'Ana got a seat',
          finishedAt: T0,
        } as const;
        const finished = await env.records.runs.finishRun('r1', end);
        expect(finished).toMatchObject({
          ...end,
          runId: 'r1',
          steps: [expect.objectContaining({ step: 'grant-seat' })],
        });
        expect(await env.records.runs.getRun('r1')).toEqual(finished);
        expect((await env.records.runs.listRuns({ status: 'running' })).items).toEqual([]);
        expect((await env.records.runs.listRuns({ status: 'succeeded' })).items).toEqual([finished]);
      });

      it('finishes a guarded run only while it is in a listed status and owned by the named execution', async () => {
        await env.records.runs.createRun(aRun('r1'));
        const end = { status: 'failed', outcome: 'failed:x', summary: 'x', finishedAt: T0 } as const;

        const otherExecution = await env.records.runs.finishRun('r1', end, {
          from: ['running'],
          executionName: 'exec-other',
        });
        const missing = await env.records.runs.finishRun('missing', end, {
          from: ['running'],
          executionName: 'exec-missing',
        });
        const finished = await env.records.runs.finishRun('r1', end, {
          from: ['running'],
          executionName: 'exec-r1',
        });
        const again = await env.records.runs.finishRun(
          'r1',
          { ...end, summary: 'y' },
          { from: ['running'], executionName: 'exec-r1' },
        );

        expect(otherExecution).toBeNull();
        expect(missing).toBeNull();
        expect(finished).toMatchObject({ ...end, runId: 'r1' });
        expect(again).toBeNull();
        expect(await env.records.runs.getRun('r1')).toMatchObject({ status: 'failed', summary: 'x' });
        expect((await env.records.runs.listRuns({ status: 'failed' })).items.map((r) => r.runId)).toEqual([
          'r1',
        ]);
      });

      it('lists runs by status, by person, and across statuses, newest first, in pages', async () => {
        for (const [i, runId] of ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'].entries()) {
          const employeeId = i % 2 === 0 ? 'E1' : 'E2';
          await env.records.runs.createRun(aRun(runId, { employeeId, startedAt: plus(T0, i * MINUTE) }));
        }
        for (const runId of ['r1', 'r2', 'r4']) {
          await env.records.runs.finishRun(runId, {
            status: 'succeeded',
            outcome: 'licensed',
            summary: 's',
            finishedAt: T0,
          });
        }
        expect(
          runIds(await allPages(2, (cursor) => env.records.runs.listRuns({ limit: 2, cursor }))),
        ).toEqual([
          ['r5', 'r4'],
          ['r3', 'r2'],
          ['r1', 'r0'],
        ]);
        const succeeded = await allPages(2, (cursor) =>
          env.records.runs.listRuns({ status: 'succeeded', limit: 2, cursor }),
        );
        expect(runIds(succeeded)).toEqual([['r4', 'r2'], ['r1']]);
        const ofE1 = await allPages(2, (cursor) =>
          env.records.runs.listRuns({ employeeId: 'E1', limit: 2, cursor }),
        );
        expect(runIds(ofE1)).toEqual([['r4', 'r2'], ['r0']]);
        const runningOfE1 = await allPages(1, (cursor) =>
          env.records.runs.listRuns({ employeeId: 'E1', status: 'running', limit: 1, cursor }),
        );
        expect(runIds(runningOfE1)).toEqual([['r0']]);
        expect((await env.records.runs.listRuns({ employeeId: 'E3' })).items).toEqual([]);
      });

      it("pages a person's runs to the end without wandering into their other records", async () => {
        await env.records.people.putProfile(aProfile('E1'), null);
        for (const id of ['e1', 'e2', 'e3']) {
          await env.records.people.recordPersonEvent('E1', {
            id,
            type: 'employee.updated',
            effectiveAt: T0,
            occurredAt: T0,
            detail: {},
          });
        }
        for (const i of [0, 1, 2])
          await env.records.runs.createRun(aRun(`r${i}`, { startedAt: plus(T0, i * MINUTE) }));
        const pages = await allPages(1, (cursor) =>
          env.records.runs.listRuns({ employeeId: 'E1', limit: 1, cursor }),
        );
        expect(runIds(pages)).toEqual([['r2'], ['r1'], ['r0']]);
      });

      it('rejects a page cursor it did not issue for that listing', async () => {
        await env.records.runs.createRun(aRun('r1'));
        await env.records.runs.createRun(aRun('r2', { startedAt: plus(T0, MINUTE) }));
        const { nextCursor } = await env.records.runs.listRuns({ limit: 1 });
        expect(nextCursor).not.toBeNull();
        await expect(env.records.runs.listRuns({ cursor: 'nonsense' })).rejects.toThrow(/cursor/);
        await expect(env.records.runs.listRuns({ status: 'failed', cursor: nextCursor })).rejects.toThrow(
          /cursor/,
        );
        await expect(env.records.approvals.listApprovals({ cursor: nextCursor })).rejects.toThrow(/cursor/);
      });
    });
  });
}
