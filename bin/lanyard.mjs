#!/usr/bin/env node
// The CLI runs from its TypeScript sources through tsx (a dependency), like `npm start`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/lanyard.ts');
process.exitCode = await runCli(process.argv.slice(2));
