// aws-local-stepfunctions calls Promise.withResolvers, which Node 20 lacks (TOOLCHAIN.md §3.7).
import '../../infra/local/runtime/node20-polyfills.ts';

// The integration project runs its files one after another in each worker (vitest.config.mts,
// isolate off) and a local stack writes its endpoints into process.env, as Lambda's environment:
// every file starts from the environment the worker started with.
const scope = globalThis as { lanyardWorkerEnv?: NodeJS.ProcessEnv };
scope.lanyardWorkerEnv ??= { ...process.env };
const firstEnv = scope.lanyardWorkerEnv;
for (const key of Object.keys(process.env)) if (!(key in firstEnv)) delete process.env[key];
Object.assign(process.env, firstEnv);
