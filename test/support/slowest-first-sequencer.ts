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
  'test/integration/workflows/offboarding-burst.test.ts': 200,
  'test/infra/lanyard-stack.test.ts': 150,
  'test/integration/api/admin-api.test.ts': 90,
  'test/integration/reliability/hr-event-streams.test.ts': 87,
  'test/integration/workflows/reconciliation-fixes.test.ts': 85,
  'test/integration/workflows/reconciliation-hr-export.test.ts': 83,
  'test/integration/workflows/reconciliation.test.ts': 81,
  'test/integration/workflows/offboarding-fails-closed.test.ts': 70,
  'test/infra/least-privilege.test.ts': 66,
  'test/browser/console-pages.test.ts': 62,
  'test/integration/cli/lanyard-cli.test.ts': 60,
  'test/integration/workflows/idle-seat-sweep.test.ts': 60,
  'test/browser/console.test.ts': 56,
  'test/integration/workflows/mass-change-guard.test.ts': 40,
  'test/integration/adapters/trello/access-cut-burst.test.ts': 35,
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
