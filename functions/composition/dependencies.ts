/**
 * Every port at once: for the admin API, which uses nearly all of them, and for tests and scripts.
 * A step handler never imports this module (its bundle would then hold every adapter): it names
 * its ports in defineStep (composition.ts says how the parts fit).
 */
import { dependenciesOf, type PortSet } from './composition.ts';
import { atlassianTokens, idp } from './providers/idp.ts';
import { mailer } from './providers/mailer.ts';
import { metrics } from './providers/metrics.ts';
import { notifier } from './providers/notifier.ts';
import { publisher } from './providers/publisher.ts';
import { trello } from './providers/trello.ts';
import { workflow } from './providers/workflow.ts';

export { type Dependencies, resetDependencies } from './composition.ts';

export const ALL_PORTS = {
  trello,
  notifier,
  workflow,
  idp,
  atlassianTokens,
  mailer,
  metrics,
  publisher,
} as const satisfies Required<PortSet>;

/** Config → every adapter behind its port; built once per cold start, on first use. */
export const dependencies = dependenciesOf(ALL_PORTS, 'Lanyard');
