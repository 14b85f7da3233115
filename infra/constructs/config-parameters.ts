import { aws_iam as iam, aws_ssm as ssm } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CONFIG_PARAMETER_MAX_BYTES,
  CONFIG_PARAMETERS_MAX,
  CONFIG_PARAMETERS_VARIABLE,
  type ConfigParametersReference,
  encodeConfigDocument,
} from '../../functions/composition/config-parameters.ts';

export interface ConfigParametersProps {
  /** Environment variable → value: what the functions that read the parameters get. */
  values: Record<string, string>;
  /** Parameter names start with this, e.g. `/Lanyard/config` → `/Lanyard/config/1`. */
  namePrefix: string;
}

/**
 * Config values too large for the 4 KB Lambda environment, in SSM Parameter Store: one JSON
 * document (environment variable → value) split over standard-tier String parameters (4 KB each,
 * free; up to 10, which one GetParameters call reads), written by CloudFormation from the deploy
 * config. No custom resource and no runtime code but the reader in
 * functions/composition/config-parameters.ts, which merges the values back into the environment once
 * per container. The parameters are plain String parameters: policy, not secrets.
 */
export class ConfigParameters extends Construct {
  public readonly parameters: ssm.StringParameter[];
  /** The environment of a function that reads them: `LANYARD_CONFIG_PARAMETERS`. */
  public readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: ConfigParametersProps) {
    super(scope, id);
    const { parts, sha256 } = encodeConfigDocument(props.values);
    if (parts.length > CONFIG_PARAMETERS_MAX) {
      const sizes = Object.entries(props.values)
        .map(([key, value]) => `${key} ${Buffer.byteLength(value)} bytes`)
        .join(', ');
      throw new Error(
        `The deploy config's large values need ${parts.length} SSM parameters of ${CONFIG_PARAMETER_MAX_BYTES} bytes; Lanyard reads at most ${CONFIG_PARAMETERS_MAX} (${sizes}): shorten the department map or the sweep allow-list`,
      );
    }
    this.parameters = parts.map(
      (value, i) =>
        new ssm.StringParameter(this, `Part${i + 1}`, {
          parameterName: `${props.namePrefix}/${i + 1}`,
          description: `Lanyard config, part ${i + 1} of ${parts.length} (JSON, concatenated in order)`,
          stringValue: value,
          tier: ssm.ParameterTier.STANDARD,
        }),
    );
    const reference: ConfigParametersReference = {
      names: this.parameters.map((_p, i) => `${props.namePrefix}/${i + 1}`),
      sha256,
    };
    this.environment = { [CONFIG_PARAMETERS_VARIABLE]: JSON.stringify(reference) };
  }

  /** ssm:GetParameters (what the reader calls) on exactly these parameters. */
  grantRead(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ssm:GetParameters'],
        resources: this.parameters.map((p) => p.parameterArn),
      }),
    );
  }
}
