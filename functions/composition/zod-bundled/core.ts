/** zod's core (`z.core`) without its locales: see zod.ts. */

// A relative path on purpose: the bundles' alias covers `zod/…` import paths as well.
export * from '../../../node_modules/zod/v4/core/index.js';

/** zod's locales, left out of the bundles. */
export const locales = {};
