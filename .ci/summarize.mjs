// Prints the plain "N passed, N failed" line CI reads, from vitest's JSON report. When vitest did
// not run (lint or typecheck failed first), that step counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [file, status] = process.argv.slice(2);
if (!existsSync(file)) {
  console.log(`vitest did not run (npm test exited ${status} before it: see lint/typecheck above)`);
  console.log('0 passed, 1 failed');
  process.exit(0);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const failedSuites = report.testResults.filter(
  (r) => r.status === 'failed' && r.assertionResults.length === 0,
).length;
// vitest also fails a run for errors outside any test (unhandled rejections): count those too.
const outsideTests = Number(status) !== 0 && report.numFailedTests + failedSuites === 0 ? 1 : 0;
if (outsideTests)
  console.log('vitest failed outside any test (e.g. an unhandled error): see "Unhandled Errors" above');
const failed = report.numFailedTests + failedSuites + outsideTests;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
