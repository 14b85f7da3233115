/** The workflow engine port: Step Functions task callbacks and executions. */
import { SfnWorkflowEngine } from '../../adapters/stepfunctions/sfn-workflow-engine.ts';
import { awsClientConfig } from '../aws-clients.ts';
import { definePort } from '../composition.ts';
import { lazyPort } from '../lazy-port.ts';

// The Step Functions client (and its SDK module) only when a step first calls the engine.
export const workflow = definePort('workflow', ({ config }) =>
  lazyPort(async () => {
    const { SFNClient } = await import('@aws-sdk/client-sfn');
    return new SfnWorkflowEngine(new SFNClient(awsClientConfig(config.endpoints.sfn)));
  }),
);
