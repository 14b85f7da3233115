/**
 * Starts the files known to run longest first, so the two workers finish together.
 *
 * Vitest's own order runs the projects one after another (browser, infra, integration, unit) and,
 * without a cache of earlier durations (CI starts from `npm ci`, so it never has one), the larger
 * files of each first: a short file that waits minutes on Trello's real rate windows then starts
 * late and one worker runs it alone at the end. Here the files below start first, longest first;
 * every other file keeps Vitest's order after them. The figures are a hint for the order only
 * (seconds per file on 2 loaded cores, from `--reporter=verbose` runs); a file missing here, or a
 * stale figure, changes when a file starts, never whether or how it runs.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const KNOWN_SLOW_FILES: Readonly<Record<string, number>> = {
  'test/integration/workflows/offboarding-burst.test.ts': 130,
  'test/infra/lanyard-stack.test.ts': 66,
  'test/integration/start/npm-start.test.ts': 53,
  'test/integration/workflows/offboarding-fails-closed.test.ts': 49,
  'test/integration/cli/lanyard-cli.test.ts': 46,
  'test/integration/workflows/mass-change-guard.test.ts': 38,
  'test/browser/console.test.ts': 37,
  'test/integration/reliability/hr-event-streams.test.ts': 36,
  'test/integration/reliability/workflow-faults.test.ts': 35,
  'test/integration/workflows/onboarding-restart.test.ts': 29,
  'test/browser/console-pages.test.ts': 26,
  'test/integration/bench/layoff-burst.test.ts': 25,
  'test/integration/workflows/offboarding.test.ts': 25,
  'test/integration/adapters/trello/access-cut-burst.test.ts': 24,
  'test/infra/least-privilege.test.ts': 22,
  'test/integration/runtime/lambda-limits-local-stack.test.ts': 21,
  'test/integration/bench/drift-reconciliation.test.ts': 19,
  'test/integration/ingest/hr-event-dedup.test.ts': 18,
  'test/integration/reliability/hr-event-streams-leave.test.ts': 18,
  'test/integration/runtime/local-data-modes.test.ts': 17,
};

export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const vitestOrder = await super.sort(files);
    const root = this.ctx.config.root;
    const seconds = (file: TestSpecification) =>
      KNOWN_SLOW_FILES[relative(root, file.moduleId).split('\\').join('/')] ?? 0;
    // Array.prototype.sort is stable: files with no figure keep Vitest's order.
    return vitestOrder.sort((a, b) => seconds(b) - seconds(a));
  }
}
