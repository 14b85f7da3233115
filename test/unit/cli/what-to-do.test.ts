import { describe, expect, it } from 'vitest';
import type { CliTarget } from '../../../cli/cli-config.ts';
import { noTokenMessage, tokenRefusedMessage, unreachableMessage } from '../../../cli/what-to-do.ts';

const localTarget: CliTarget = {
  apiUrl: 'http://127.0.0.1:4100',
  apiFrom: { kind: 'local-stack', name: '/repo/.lanyard/endpoints.json' },
  token: 'lyd_x',
  tokenFrom: { kind: 'local-stack', name: '/repo/.lanyard/secrets.json' },
  webhookSecret: null,
  localStack: { dataDir: '/repo/.lanyard', hasToken: true },
};

describe('tokenRefusedMessage', () => {
  it('says "token refused" and every place a token comes from', () => {
    const message = tokenRefusedMessage(localTarget);
    expect(message).toMatch(/^token refused by http:\/\/127\.0\.0\.1:4100/);
    expect(message).toMatch(
      /npm start prints the admin token and keeps it in \/repo\/\.lanyard\/secrets\.json/,
    );
    expect(message).toMatch(/--token <token> or LANYARD_ADMIN_TOKEN/);
    expect(message).toMatch(/Cognito JWT/);
    expect(message).not.toMatch(/Authorization/);
  });

  it.each([
    [{ kind: 'env', name: 'LANYARD_ADMIN_TOKEN' }, /unset LANYARD_ADMIN_TOKEN to use that one/],
    [{ kind: 'flag', name: '--token' }, /leave --token out to use that one/],
  ] as const)('names a %o token that overrides the local stack’s', (tokenFrom, hint) => {
    expect(tokenRefusedMessage({ ...localTarget, tokenFrom: { ...tokenFrom } })).toMatch(hint);
  });
});

describe('unreachableMessage', () => {
  it('asks whether npm start still runs when the address came from the local stack', () => {
    const message = unreachableMessage(localTarget, 'ECONNREFUSED');
    expect(message).toMatch(/^Cannot reach Lanyard at http:\/\/127\.0\.0\.1:4100 \(ECONNREFUSED\)/);
    expect(message).toMatch(/is npm start still running/);
    expect(message).toMatch(/LANYARD_DATA_DIR/);
    expect(message).toMatch(/--api <url> or set LANYARD_API_URL/);
  });

  it('names the flag or variable the address came from otherwise', () => {
    const message = unreachableMessage(
      { ...localTarget, apiFrom: { kind: 'env', name: 'LANYARD_API_URL' } },
      'ENOTFOUND',
    );
    expect(message).toMatch(/comes from LANYARD_API_URL/);
    expect(message).toMatch(/leave --api and LANYARD_API_URL unset/);
  });
});

describe('noTokenMessage', () => {
  it('says where tokens come from, with the data dir it would read', () => {
    expect(noTokenMessage(localTarget)).toMatch(/keeps it in \/repo\/\.lanyard\/secrets\.json/);
    expect(noTokenMessage({ ...localTarget, localStack: null })).toMatch(
      /LANYARD_DATA_DIR \(default \.lanyard\)/,
    );
  });
});
