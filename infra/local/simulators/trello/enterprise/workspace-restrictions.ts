/** A Workspace's membership restrictions: managed accounts only, and the addresses it invites. */
import type { OrganizationRecord } from '../state-schema.ts';
import { NO_ORGANIZATION_RESTRICTIONS } from '../state-schema.ts';
import { workspaceRestricted } from '../trello-errors.ts';
import { emailDomain } from './membership-status.ts';

/**
 * ref: `prefs/orgInviteRestrict` "An email address with optional wildcard characters (E.g.
 * `subdomain.*.trello.com`)". UNVERIFIED: a pattern with an `@` is matched against the whole
 * address, one without against its domain; `*` stands for any run of characters; case is ignored.
 */
export function emailAllowedBy(patterns: readonly string[], email: string): boolean {
  if (patterns.length === 0) return true;
  const address = email.toLowerCase();
  return patterns.some((pattern) => {
    const glob = pattern.trim().toLowerCase();
    const source = glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${source}$`).test(glob.includes('@') ? address : emailDomain(address));
  });
}

/**
 * The Workspace's membership restrictions, checked on explicit invites and adds only.
 * UNVERIFIED: the automatic add to the default Workspace that comes with a license grant is not
 * checked (Trello documents that add without exceptions); managed-only is checked first.
 */
export function checkRestrictions(org: OrganizationRecord, email: string, managed: boolean): void {
  const prefs = org.prefs ?? NO_ORGANIZATION_RESTRICTIONS;
  if (prefs.managedOnly && !managed) throw workspaceRestricted('managed-only');
  if (!emailAllowedBy(prefs.orgInviteRestrict, email)) throw workspaceRestricted('email-domain');
}
