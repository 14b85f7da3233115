/**
 * The Trello port of an Enterprise managed in Atlassian Administration (config
 * `trello.managementMode: "adminhub"`): Trello's REST adapter for everything Trello still does,
 * Atlassian Administration for seats and deactivation. Its key is read on the first seat or
 * deactivation call, so a step without the AdminHub secret's grant never asks for it.
 */

import { loadAdminHubCredentials } from '../../adapters/adminhub/adminhub-credentials.ts';
import { AdminHubTrelloAdmin, type TrelloSide } from '../../adapters/adminhub/adminhub-trello-admin.ts';
import { AtlassianOrgAccess } from '../../adapters/adminhub/atlassian-org-access.ts';
import type { TrelloManagement } from '../config.ts';

export function adminHubTrelloAdmin(
  trello: TrelloSide,
  management: Extract<TrelloManagement, { mode: 'adminhub' }>,
): AdminHubTrelloAdmin {
  let built: Promise<AtlassianOrgAccess> | undefined;
  const access = () => {
    built ??= loadAdminHubCredentials(management.credentials)
      .then(
        (credentials) =>
          new AtlassianOrgAccess({
            baseUrl: management.baseUrl,
            credentials,
            trelloGroupId: management.trelloGroupId,
          }),
      )
      .catch((error: unknown) => {
        built = undefined; // an unreadable secret must not poison every later call
        throw error;
      });
    return built;
  };
  return new AdminHubTrelloAdmin(trello, access);
}
