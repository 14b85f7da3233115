/**
 * The local stack's AdminHub mode: the Trello simulator's Enterprise is managed in Atlassian
 * Administration (Trello refuses its own revoke and deactivate), and an Atlassian simulator serves
 * the Administration endpoints Lanyard uses instead. The two are linked as the real services are:
 * Trello shows a license exactly while Atlassian gives the person Trello access (in the Trello
 * access group, not suspended), and refuses a grant when no seat is left.
 * With the Atlassian IdP simulator already running (`LANYARD_IDP_SIMULATOR=atlassian`) the same
 * organization serves both; otherwise a second Atlassian simulator starts on its own port.
 */

import {
  ATLASSIAN_SIM_TRELLO_GROUP_ID,
  type AtlassianSimulator,
  startAtlassianSimulator,
} from './simulators/idp/atlassian/atlassian-simulator.ts';
import type { IdpSimulator } from './simulators/idp/idp-simulator.ts';
import type { TrelloSimulator } from './simulators/trello/trello-server.ts';

/** `trello`: Trello's own seat and deactivation API; `adminhub`: Atlassian Administration's. */
export type LocalTrelloMode = 'trello' | 'adminhub';

export interface AdminHubLink {
  /** The Atlassian simulator serving Atlassian Administration. */
  atlassian: AtlassianSimulator;
  /** What the deploy config's `trello.adminHub` holds. */
  config: { baseUrl: string; trelloGroupId: string };
  /** The API key JSON Lanyard is given (LANYARD_ADMINHUB_CREDENTIALS). */
  credentials: Record<string, string>;
  /** Closes the Atlassian simulator when this link started it. */
  close(): Promise<void>;
}

/**
 * Puts the Trello simulator's Enterprise in `mode` and, for `adminhub`, starts (or reuses) the
 * Atlassian simulator, gives every member Trello knows an account, puts the licensed ones in the
 * Trello access group, and links Trello to it.
 */
export async function linkAdminHub(
  mode: LocalTrelloMode,
  trello: TrelloSimulator,
  idp: IdpSimulator | null,
  options: { port: number; seed: number },
): Promise<AdminHubLink | null> {
  trello.state.configureEnterprise({ adminHub: mode === 'adminhub' });
  if (mode === 'trello') return null;
  const shared = idp?.kind === 'atlassian' ? (idp as AtlassianSimulator) : null;
  const atlassian = shared ?? (await startAtlassianSimulator({ port: options.port, seed: options.seed }));
  for (const member of trello.state.snapshot().members) {
    if (!member.email) continue;
    if (atlassian.user(member.email) === null) atlassian.addUser({ email: member.email });
    if (member.licensed && !member.deactivated) atlassian.seedTrelloAccess(member.email);
  }
  atlassian.linkTrello((email, access) => trello.state.applyAdminHubAccess(email, access));
  return {
    atlassian,
    config: { baseUrl: atlassian.url, trelloGroupId: ATLASSIAN_SIM_TRELLO_GROUP_ID },
    credentials: atlassian.credentials,
    close: async () => {
      atlassian.linkTrello(null);
      if (shared === null) await atlassian.close();
    },
  };
}
