/**
 * Builds the CDK app with no side effects: `cdk synth` (infra/app.ts) calls it with bundling on;
 * the local runtime and infra tests call it with bundling off (esbuild skipped, ~15× faster synth).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ControlTowerGuardValidator } from './cfn-guard.ts';
import type { DeployConfig } from './deploy-config.ts';
import { LanyardStack } from './lanyard-stack.ts';
import { acknowledgeNagFindings } from './nag-acknowledgements.ts';

export interface BuildAppOptions {
  config: DeployConfig;
  /** @default true */
  bundling?: boolean;
  /**
   * Policy validation at synth: cdk-nag (AwsSolutions) and cfn-guard (AWS Control Tower's
   * proactive controls, run by the cfn-guard binary inside @cdklabs/cdk-validator-cfnguard: no
   * download, no network; cfn-guard.ts). A finding not acknowledged in nag-acknowledgements.ts
   * fails synth.
   * @default true
   */
  nag?: boolean;
  outdir?: string;
  stackName?: string;
}

export function buildApp(options: BuildAppOptions): { app: App; stack: LanyardStack } {
  const app = new App({
    outdir: options.outdir,
    context: options.bundling === false ? { 'aws:cdk:bundling-stacks': [] } : {},
  });
  const stack = new LanyardStack(app, options.stackName ?? 'Lanyard', {
    config: options.config,
    description: 'Lanyard: Trello Enterprise user lifecycle (onboarding, offboarding, idle-seat sweeps)',
  });
  if (options.nag !== false) {
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { verbose: true }),
      new ControlTowerGuardValidator(),
    );
    acknowledgeNagFindings(stack);
  }
  return { app, stack };
}
