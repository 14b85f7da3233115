/**
 * Signature headers that cannot be one value. A header sent twice reaches the function as one
 * value joined with commas (API Gateway payload 2.0 and fetch's Headers alike), and none of the
 * signature headers Lanyard reads holds a comma of its own except `webhook-signature`, whose
 * entries are `v1,<base64>` separated by spaces. Such a delivery is a malformed request (400),
 * not a bad signature: the sender (or a proxy on the way) must send each header once.
 */

/** What is wrong with the named single-value headers, one sentence each (empty when nothing). */
export function headerProblems(
  headers: Record<string, string | undefined>,
  names: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const name of names) {
    const value = headers[name];
    if (value === undefined) continue;
    if (name === 'webhook-signature' ? !signatureListIsOne(value) : value.includes(','))
      problems.push(`${name} was sent more than once`);
    else if (name === 'webhook-timestamp' && value.trim() !== '' && !/^\d{1,12}$/.test(value.trim()))
      problems.push(`webhook-timestamp must be whole Unix seconds, e.g. 1764579600; got "${clip(value)}"`);
  }
  return problems;
}

/** The standard answer to a delivery whose headers are malformed: what was wrong and what to send. */
export function headerRefusal(problems: readonly string[], send: string) {
  return {
    status: 400 as const,
    body: { error: 'invalid-header', message: `${problems.join('; ')}: ${send}` },
  };
}

/** `v1,<sig> v1a,<sig>…` is one header; an entry with a second comma is two headers joined. */
function signatureListIsOne(value: string): boolean {
  const entries = value.trim().split(/\s+/);
  return entries.every(
    (entry, i) =>
      entry.indexOf(',') === entry.lastIndexOf(',') && !(entry.endsWith(',') && i < entries.length - 1),
  );
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
