/**
 * Errors answered on `/1/*` in the reference `Error` shape `{ code, message }` (both required;
 * ref: enterprises.openapi.yml components.schemas.Error). Message texts are Trello's known ones
 * where the reference has them ("invalid id", "invalid key", "invalid token", "unauthorized
 * permission requested", "model not found", "At least one association must be specified").
 * UNVERIFIED: the `code` values are the simulator's own; Trello's codes for these are not documented.
 */
export class TrelloApiError extends Error {
  override readonly name = 'TrelloApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toBody(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

export const invalidId = (): TrelloApiError => new TrelloApiError(400, 'INVALID_ID', 'invalid id');

export const invalidValue = (param: string): TrelloApiError =>
  new TrelloApiError(400, 'INVALID_VALUE', `invalid value for ${param}`);

export const modelNotFound = (): TrelloApiError => new TrelloApiError(404, 'NOT_FOUND', 'model not found');

export const invalidKey = (): TrelloApiError => new TrelloApiError(401, 'UNAUTHORIZED', 'invalid key');

export const invalidToken = (): TrelloApiError => new TrelloApiError(401, 'UNAUTHORIZED', 'invalid token');

export const unauthorizedPermission = (): TrelloApiError =>
  new TrelloApiError(401, 'UNAUTHORIZED', 'unauthorized permission requested');

// ref: NOTES.md §2 and §8.1 [T1112]
export const associationRequired = (): TrelloApiError =>
  new TrelloApiError(400, 'INVALID_ASSOCIATION', 'At least one association must be specified');

// UNVERIFIED: status 403 and this code/message; the reference only says a grant fails when no seat is left.
export const noLicenseAvailable = (): TrelloApiError =>
  new TrelloApiError(
    403,
    'LICENSE_LIMIT_EXCEEDED',
    'There are no licenses available in this enterprise: all seats are in use',
  );

// UNVERIFIED: granting or adding a deactivated member is refused (reactivate first); status/code are ours.
export const memberDeactivated = (): TrelloApiError =>
  new TrelloApiError(
    403,
    'MEMBER_DEACTIVATED',
    'The member is deactivated in this enterprise; reactivate the member first',
  );

// ref: enterprises.openapi.yml PUT …/licensed and …/deactivated NOTEs. UNVERIFIED: status 403 and code.
export const adminHubRevokeRefused = (): TrelloApiError =>
  new TrelloApiError(
    403,
    'ADMINHUB_MANAGED',
    'Revoking of licenses is not possible for enterprises that have opted in to user management via AdminHub',
  );

export const adminHubDeactivateRefused = (): TrelloApiError =>
  new TrelloApiError(
    403,
    'ADMINHUB_MANAGED',
    'Deactivation is not possible for enterprises that have opted in to user management via AdminHub',
  );

// UNVERIFIED: NOTES.md §5 says whether Trello refuses removing/demoting the last board admin is unknown.
export const lastBoardAdmin = (): TrelloApiError =>
  new TrelloApiError(403, 'LAST_BOARD_ADMIN', 'A board must keep at least one active admin');

/**
 * A Workspace's membership restrictions refuse an invite or an add. The setting is documented
 * (organizations.subset.openapi.yml `prefs/orgInviteRestrict`; Trello's Enterprise guide: an
 * approved list of email domains "prevents Workspace Admins from adding members whose accounts are
 * not registered to a domain listed"). UNVERIFIED: how Trello answers the refusal — status 403,
 * this code and these messages are the simulator's own choice.
 */
export const workspaceRestricted = (restriction: 'email-domain' | 'managed-only'): TrelloApiError =>
  new TrelloApiError(
    403,
    'ORG_INVITE_RESTRICTED',
    restriction === 'managed-only'
      ? 'This Workspace only allows managed members of the Enterprise'
      : "This Workspace's membership restrictions do not allow this email address (orgInviteRestrict)",
  );

export const routeNotFound = (): TrelloApiError => new TrelloApiError(404, 'NOT_FOUND', 'route not found');
