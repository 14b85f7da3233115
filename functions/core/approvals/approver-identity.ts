/**
 * Who may decide an approval is a question of identity, not of spelling: `Tomas.Garcia+it@acme.com`
 * is Tomas Garcia's mailbox. Two addresses are the same person's when they deliver to the same
 * mailbox: the domain and local part compared without case (RFC 5321 lets the local part be
 * case-sensitive; no mainstream provider makes it so), a sub-address (`+tag`, RFC 5233) dropped,
 * and — only where the provider says dots do not matter (consumer Gmail) — dots in the local part
 * ignored. Company domains keep their dots: in Google Workspace and Microsoft 365 `jo.doe` and
 * `jodoe` are different users. Other sub-address separators (`-` on some providers) are not
 * assumed.
 */

/** Providers whose addresses ignore dots in the local part, and their canonical domain. */
const DOTLESS_DOMAINS: Record<string, string> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

export function mailboxOf(address: string): string {
  const trimmed = address.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return trimmed;
  const domain = trimmed.slice(at + 1).replace(/\.$/, '');
  let local = trimmed.slice(0, at).split('+')[0] ?? '';
  const dotless = DOTLESS_DOMAINS[domain];
  if (dotless) local = local.replaceAll('.', '');
  return `${local}@${dotless ?? domain}`;
}

/** True when `caller` is any of `identities` (null entries ignored). */
export function isSamePerson(caller: string, identities: ReadonlyArray<string | null | undefined>): boolean {
  const mailbox = mailboxOf(caller);
  return identities.some((identity) => identity && mailboxOf(identity) === mailbox);
}
