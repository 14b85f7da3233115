/**
 * The Trello port of an Enterprise managed in Atlassian Administration (config
 * `trello.managementMode: "adminhub"`): Trello's REST adapter for everything Trello still does,
 * Atlassian Administration for seats and deactivation. Its key is read on the first seat or
 * deactivation call, so a step without the AdminHub secret's grant never asks for it.
 */

import { loadAdminHubCredentials } from '../../adapters/adminhub/adminhub-credentials.ts';
import { AdminHubTrelloAdmin, type TrelloSide } from '../../adapters/adminhub/adminhub-trello-admin.ts';
import { AtlassianOrgAccess } from '../../adapters/adminhub/atlassian-org-access.ts';
import { ConfigInvalidError } from '../../core/errors.ts';
import type { TrelloManagement } from '../config.ts';
import { ConfigKeys } from '../config-keys.ts';

export function adminHubTrelloAdmin(
  trello: TrelloSide,
  management: Extract<TrelloManagement, { mode: 'adminhub' }>,
): AdminHubTrelloAdmin {
  let built: Promise<AtlassianOrgAccess> | undefined;
  const access = () => {
    const source = management.credentials;
    if (source === null) {
      // A step the catalog does not grant the AdminHub secret asked for a seat or deactivation change.
      return Promise.reject(
        new ConfigInvalidError(
          `This step has no Atlassian Administration API key (${ConfigKeys.adminHubSecretArn}): only the steps ` +
            'that change seats or deactivate are granted it (infra/step-catalog.ts adminHubSecret)',
        ),
      );
    }
    built ??= loadAdminHubCredentials(source)
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
