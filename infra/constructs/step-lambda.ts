import {
  Duration,
  aws_iam as iam,
  type aws_kms as kms,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_lambda_nodejs as nodejs,
  Stack,
} from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import { type FunctionDefinition, STEP_ID_VARIABLE, stepEntryPath } from '../step-catalog.ts';

export interface StepFunctionProps {
  step: FunctionDefinition;
  environment: Record<string, string>;
  /** A source folder (relative to the repository root) to copy beside the bundle, as `<to>/`. */
  copyIntoBundle?: { from: string; to: string };
  /**
   * Also write esbuild's metafile (`index.meta.json`: what the bundle holds, input by input) beside
   * the bundle. For the footprint bench, never for a deployment. @default false
   */
  metafile?: boolean;
  /** The KMS key the function's log group is encrypted with (its policy must let CloudWatch Logs use it). */
  logKey?: kms.IKey;
}

/** The construct id of the stack's one tracing policy (see {@link lambdaTracingPolicy}). */
export const LAMBDA_TRACING_POLICY_ID = 'LambdaTracing';

/**
 * A step's Lambda with the house defaults: Node 22 on ARM64, ESM bundle built by local esbuild
 * (never Docker), class names kept (error names are the ASL contract), X-Ray, a log group with
 * retention (encrypted with the stack's log key), and the LANYARD_STEP variable the local runtime
 * maps functions by.
 *
 * Its role holds only what is granted to it by name: it writes its own log group (not
 * AWSLambdaBasicExecutionRole, which writes every log group in the account), and the X-Ray
 * actions, which take no resource, come from the stack's one tracing policy. So the role's own
 * policy has no statement on "*", and a wildcard added to it later fails cdk-nag at synth.
 */
export class StepLambda extends Construct {
  public readonly fn: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: StepFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      encryptionKey: props.logKey,
    });
    const role = new iam.Role(this, 'FnServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [lambdaTracingPolicy(this)],
    });
    // logs:CreateLogStream and logs:PutLogEvents on this log group (its ARN covers its streams).
    logGroup.grantWrite(role);
    this.fn = new nodejs.NodejsFunction(this, 'Fn', {
      entry: stepEntryPath(props.step),
      handler: 'handler',
      description: `Lanyard: ${props.step.description}`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(props.step.timeoutSeconds),
      role,
      logGroup,
      environment: {
        ...props.environment,
        [STEP_ID_VARIABLE]: props.step.id,
        POWERTOOLS_SERVICE_NAME: 'lanyard',
      },
      bundling: {
        ...LAMBDA_BUNDLING,
        externalModules: [...LAMBDA_BUNDLING.externalModules],
        ...(props.metafile && { metafile: true }),
        ...(props.copyIntoBundle && {
          commandHooks: copyHooks(props.copyIntoBundle.from, props.copyIntoBundle.to),
        }),
      },
    });
    // Active tracing without CDK's `tracing` option, which would put the X-Ray statement (on "*")
    // in the role's own policy: the tracing policy above grants it.
    (this.fn.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: lambda.Tracing.ACTIVE };
  }
}

/**
 * The X-Ray actions every function needs (xray:PutTraceSegments and PutTelemetryRecords take no
 * resource, so they are granted on "*"), once per stack: the only wildcard a function's role has,
 * in a policy of its own, where the nag acknowledgement of that wildcard sits.
 */
export function lambdaTracingPolicy(scope: IConstruct): iam.ManagedPolicy {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(LAMBDA_TRACING_POLICY_ID);
  if (existing) return existing as iam.ManagedPolicy;
  return new iam.ManagedPolicy(stack, LAMBDA_TRACING_POLICY_ID, {
    description: 'Lanyard functions: X-Ray active tracing (actions without resource-level permissions)',
    statements: [
      new iam.PolicyStatement({
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      }),
    ],
  });
}

/**
 * How every function is bundled. The footprint bench (`npm run bench -- lambdas`) builds through
 * this construct, so what it measures is what deploys.
 * - ESM, minified. Names are not kept (esbuild's `keepNames` costs about 16 kB a function): every
 *   error class writes its own name, which the ASL matches (test/unit/runtime/error-names-minified.test.ts).
 * - `@aws-sdk/*` external: the Lambda runtime provides it (functions load each client's module on
 *   first use, never at start).
 * - zod without its locales (an alias: functions/composition/zod-bundled/zod.ts).
 * - No source map: with `--enable-source-maps` Node reads and parses a function's map (megabytes)
 *   when it starts. Stack traces point into the minified bundle instead of the TypeScript; error
 *   names and messages, which the logs and the workflows carry, are unchanged.
 */
export const LAMBDA_BUNDLING = {
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  sourceMap: false,
  minify: true,
  // ESM bundles need a require shim for the few CommonJS dependencies.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  externalModules: ['@aws-sdk/*'],
  // zod without its 50 locales (functions/composition/zod-bundled/zod.ts says why it is safe); the
  // path is resolved from the repository root, where CDK runs esbuild.
  esbuildArgs: { '--alias': 'zod=./functions/composition/zod-bundled/zod.ts' },
  // Warnings and errors only: the size lines of every bundle say nothing a synth needs.
  logLevel: nodejs.LogLevel.WARNING,
} as const satisfies nodejs.BundlingOptions;

function copyHooks(from: string, to: string): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [`cp -R "${inputDir}/${from}" "${outputDir}/${to}"`],
  };
}
