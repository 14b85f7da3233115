// Imported first by bench/run.ts: the step logger reads its level once, when its module loads,
// and a benchmark's thousands of steps would otherwise flood the terminal.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
