// aws-local-stepfunctions calls Promise.withResolvers, which Node 20 lacks (TOOLCHAIN.md §3.7).
import '../../infra/local/runtime/node20-polyfills.ts';
