import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './test/support/slowest-first-sequencer.ts';

export default defineConfig({
  test: {
    // Both cores: the integration tests spend most of their time waiting on the local stack's
    // timers, so two files at once nearly halve the run (every test polls; none times the machine).
    maxWorkers: 2,
    // The longest files first, across projects, so neither worker is left with one at the end.
    sequence: { sequencer: SlowestFirstSequencer },
    // Lambda handlers log through Powertools; keep test output readable.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-1' },
    setupFiles: ['test/support/setup.ts'],
    // A directory for this run's syntheses: one per deploy config the local stacks start with.
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // The unit files share one process per worker: no file mocks a module, the two that change
          // process.env or the timers put them back after each test, and they pass in shuffled
          // orders (`vitest run --project unit --sequence.shuffle --sequence.seed=<n>`).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/contract/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // One process per worker for every infra file: loading aws-cdk-lib and warming it up (the
          // first synth in a process takes ~4× a later one) is paid once a worker, not once a file.
          // The files only build apps and read templates: no mocks, no stubbed env, no globals.
          isolate: false,
          // Synthesis is CPU-bound: on 2 cores shared with other runs, a policy-checked synth has
          // taken more than 120 s. Timeouts are a guard against hangs, never a budget.
          testTimeout: 400_000,
          hookTimeout: 400_000,
        },
      },
    ],
  },
});
