/**
 * Lambda refuses a function whose environment is over 4 KB (the variables as compact JSON, UTF-8:
 * "… exceeded the 4KB limit. String measured: {…}"). Every function of the synthesized template
 * must fit, for the default config and for a large one, each intrinsic counted at its longest
 * deployed value (infra/local/template/function-environment.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import { type DeployConfig, parseDeployConfig } from '../../infra/deploy-config.ts';
import { environmentSizes, MAX_ENVIRONMENT_BYTES } from '../../infra/local/template/function-environment.ts';
import type { Template } from '../../infra/local/template/read-template.ts';
import { testDeployConfig } from '../support/deploy-config.ts';

const outdir = mkdtempSync(path.join(tmpdir(), 'lanyard-env-size-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const hex = (n: number) => n.toString(16).padStart(24, '0');

/** A large Enterprise: 30 departments, 25 people never swept, every optional setting set. */
const largeDeployConfig = parseDeployConfig({
  trello: { enterpriseId: hex(1), defaultWorkspaceId: hex(2) },
  departmentWorkspaces: Object.fromEntries(
    Array.from({ length: 30 }, (_, i) => [
      `Department ${String(i + 1).padStart(2, '0')} Operations`,
      hex(100 + i),
    ]),
  ),
  newUserPolicy: 'wait-for-first-login',
  startLeadMinutes: 1440,
  alarmEmail: 'it-alerts@example.com',
  approvalExcludesManager: true,
  slackNotifications: true,
  consoleUrl: 'https://lanyard-console.internal.example.com/',
  hrVendors: ['bamboohr', 'hibob'],
  offboarding: {
    boardSuccessorFallback: hex(3),
    idp: { kind: 'okta', baseUrl: 'https://example-enterprise.okta.com', scope: 'sign-in' },
  },
  sweep: {
    schedule: 'cron(0 6 ? * MON *)',
    mode: 'ask-first',
    allowList: Array.from({ length: 25 }, (_, i) => `service-account-${i + 1}@example.com`),
    askFirst: { from: 'lanyard@example.com', answerDays: 7 },
  },
});

function synth(config: DeployConfig, name: string): Template {
  const { app, stack } = buildApp({ config, bundling: false, nag: false, outdir: path.join(outdir, name) });
  return app.synth().getStackArtifact(stack.artifactId).template as Template;
}

describe('Lambda environment size', () => {
  it.each([
    ['the default config', testDeployConfig],
    ['a large config', largeDeployConfig],
  ])('every function of %s is within 4 KB', (name, config) => {
    const sizes = environmentSizes(synth(config, name.replaceAll(' ', '-')));
    expect(sizes.length).toBeGreaterThan(10);
    const over = sizes
      .filter((s) => s.bytes > MAX_ENVIRONMENT_BYTES)
      .map((s) => `${s.functionLogicalId}: ${s.bytes} bytes`);
    expect(over).toEqual([]);
  });
});
