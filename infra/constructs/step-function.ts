import { Duration, aws_lambda as lambda, aws_logs as logs, aws_lambda_nodejs as nodejs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { STEP_ID_VARIABLE, type StepDefinition, stepEntryPath } from '../step-catalog.ts';

export interface StepFunctionProps {
  step: StepDefinition;
  environment: Record<string, string>;
  /** A source folder (relative to the repository root) to copy beside the bundle, as `<to>/`. */
  copyIntoBundle?: { from: string; to: string };
}

/**
 * A step's Lambda with the house defaults: Node 22 on ARM64, ESM bundle built by local esbuild
 * (never Docker), class names kept (error names are the ASL contract), X-Ray, a log group with
 * retention, and the LANYARD_STEP variable the local runtime maps functions by.
 */
export class StepFunction extends Construct {
  public readonly fn: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: StepFunctionProps) {
    super(scope, id);
    this.fn = new nodejs.NodejsFunction(this, 'Fn', {
      entry: stepEntryPath(props.step),
      handler: 'handler',
      description: `Lanyard: ${props.step.description}`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(props.step.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS }),
      environment: {
        ...props.environment,
        [STEP_ID_VARIABLE]: props.step.id,
        POWERTOOLS_SERVICE_NAME: 'lanyard',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node22',
        keepNames: true,
        sourceMap: true,
        minify: true,
        // ESM bundles need a require shim for the few CommonJS dependencies.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        externalModules: ['@aws-sdk/*'],
        ...(props.copyIntoBundle && {
          commandHooks: copyHooks(props.copyIntoBundle.from, props.copyIntoBundle.to),
        }),
      },
    });
  }
}

function copyHooks(from: string, to: string): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [`cp -R "${inputDir}/${from}" "${outputDir}/${to}"`],
  };
}
