/** zod's classic API (the `z` namespace) without its locales: see zod.ts. */

// Relative paths on purpose: the bundles' alias covers `zod/…` import paths as well.
export * from '../../../node_modules/zod/v4/classic/external.js';
export * as core from './core.ts';

/** zod's locales, left out of the bundles. */
export const locales = {};
