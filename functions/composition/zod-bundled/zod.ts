/**
 * zod as the functions' bundles hold it. LAMBDA_BUNDLING (infra/constructs/step-lambda.ts)
 * aliases the `zod` package to this module, for Lanyard's code and for the libraries that import
 * zod: it is all of zod but its 50 locales (≈ 265 kB of a bundle). A module that takes zod as one
 * namespace object — `import { z } from 'zod'`, as @hono/zod-openapi does — would otherwise bundle
 * every locale. Nothing in Lanyard or those libraries uses a locale (zod registers English, which
 * stays, by itself); test/unit/runtime/zod-bundled.test.ts holds both true. Locally nothing is
 * bundled: the same code runs on zod itself. Shaped like zod's own entry (zod/index.js).
 */
import * as z from './classic.ts';

export * from './classic.ts';
export { z, z as default };
