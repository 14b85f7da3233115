/**
 * The example config is what the README's deploy steps start from: it must be a valid deploy
 * config, and with it the first admin must be able to sign in (a hosted sign-in domain, README
 * "First admin sign-in").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../../infra/deploy-config.ts';

const example = JSON.parse(
  readFileSync(new URL('../../../lanyard.config.example.json', import.meta.url), 'utf8'),
);

describe('lanyard.config.example.json', () => {
  it('is a valid deploy config', () => {
    expect(() => parseDeployConfig(example)).not.toThrow();
  });

  it('gives the admins a hosted sign-in page, so the first sign-in works as the README says', () => {
    expect(parseDeployConfig(example).api.cognitoDomainPrefix).toMatch(/^[a-z0-9-]+$/);
  });
});
