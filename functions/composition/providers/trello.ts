/** The Trello port: the Enterprise admin API (trello-admin.ts), built on its first call. */
import { definePort } from '../composition.ts';
import { lazyPort } from '../lazy-port.ts';

// Built on first use: each step is granted only the secrets it uses (lazy-port.ts), and the
// adapter's modules are evaluated only then.
export const trello = definePort('trello', (composition) =>
  lazyPort(async () => (await import('./trello-admin.ts')).trelloAdmin(composition)),
);
