/**
 * The CLI's errors about reaching Lanyard, each saying what to do next: which variable or flag to
 * set, where the token comes from. People meet these first, in a second terminal, so they name
 * LANYARD_DATA_DIR, --api / LANYARD_API_URL and --token / LANYARD_ADMIN_TOKEN outright.
 */
import path from 'node:path';
import type { CliTarget, Origin } from './cli-config.ts';

/** Where admin tokens come from, locally and on AWS. */
const WHERE_TOKENS_COME_FROM = [
  '  - local stack: npm start prints the admin token and keeps it in <data dir>/secrets.json, where this CLI reads it;',
  '    or pass it with --token <token> or LANYARD_ADMIN_TOKEN=<token>;',
  '  - Lanyard on AWS: a Cognito JWT of an admin (--token <jwt>, LANYARD_ADMIN_TOKEN, or "token" in ~/.config/lanyard/config.json).',
];

/** No flag, variable, config file or local stack named an API. */
export function noApiMessage(searched: string[], dataDirSet: boolean): string {
  const where = searched.map((dir) => path.join(dir, 'endpoints.json')).join(' or ');
  return [
    `No Lanyard API to talk to: no --api, no LANYARD_API_URL, and no local stack at ${where}.`,
    dataDirSet
      ? '  - npm start runs with another LANYARD_DATA_DIR? Set the same LANYARD_DATA_DIR here (this one has no endpoints.json).'
      : '  - npm start runs with LANYARD_DATA_DIR set? Set the same LANYARD_DATA_DIR here (without it, .lanyard is looked for).',
    '  - Nothing started yet? Start the local stack: npm start',
    '  - Lanyard on AWS? Pass --api <url> or set LANYARD_API_URL (with --token or LANYARD_ADMIN_TOKEN).',
  ].join('\n');
}

/** The API did not answer at all (connection refused, no such host…). */
export function unreachableMessage(target: CliTarget, reason: string): string {
  const first = `Cannot reach Lanyard at ${target.apiUrl} (${reason}).`;
  if (target.apiFrom.kind === 'local-stack') {
    return [
      first,
      `  That address is the local stack's, from ${target.apiFrom.name} (written by npm start): is npm start still running?`,
      '  - Start it again: npm start (with the same LANYARD_DATA_DIR, if it had one).',
      '  - Another Lanyard? Pass --api <url> or set LANYARD_API_URL.',
    ].join('\n');
  }
  return [
    first,
    `  That address comes from ${target.apiFrom.name}: is it right, and is that Lanyard running?`,
    '  - For the local stack (npm start), leave --api and LANYARD_API_URL unset: the CLI finds it through LANYARD_DATA_DIR (default .lanyard).',
  ].join('\n');
}

/** There is no token to send. */
export function noTokenMessage(target: CliTarget): string {
  return ['No admin token to send. Where admin tokens come from:', ...WHERE_TOKENS_COME_FROM]
    .join('\n')
    .replace('<data dir>', target.localStack?.dataDir ?? 'LANYARD_DATA_DIR (default .lanyard)');
}

/** The API answered 401: the token sent is not one it accepts. */
export function tokenRefusedMessage(target: CliTarget): string {
  const from = target.tokenFrom;
  const overrides =
    target.localStack?.hasToken && from && from.kind !== 'local-stack'
      ? ` It overrides the local stack's own token in ${path.join(target.localStack.dataDir, 'secrets.json')}: ${howToDrop(from)} to use that one.`
      : '';
  return [
    `token refused by ${target.apiUrl}: the admin token from ${from?.name ?? '(none)'} is not one this Lanyard accepts.${overrides}`,
    'Where admin tokens come from:',
    ...WHERE_TOKENS_COME_FROM,
  ]
    .join('\n')
    .replace('<data dir>', target.localStack?.dataDir ?? 'LANYARD_DATA_DIR (default .lanyard)');
}

function howToDrop(origin: Origin): string {
  switch (origin.kind) {
    case 'flag':
      return `leave ${origin.name} out`;
    case 'env':
      return `unset ${origin.name}`;
    default:
      return `remove "token" from ${origin.name}`;
  }
}
