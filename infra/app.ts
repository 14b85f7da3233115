/** The `cdk.json` entry: reads the deploy config named by `-c lanyard:config=…` and synthesizes. */
import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app.ts';
import { loadDeployConfig } from './deploy-config.ts';

// An App only to read the CLI's context; autoSynth off so it does not write an empty assembly on exit.
const configFile = new App({ autoSynth: false }).node.tryGetContext('lanyard:config') as string | undefined;
if (!configFile) {
  console.error(
    'Set the deploy config: cdk synth -c lanyard:config=lanyard.config.json (see README "Deploying to AWS")',
  );
  process.exit(1);
}
const { app } = buildApp({ config: loadDeployConfig(configFile) });
app.synth();
