/**
 * cfn-guard as a CDK policy validation plugin: AWS Control Tower's proactive controls, the rules
 * @cdklabs/cdk-validator-cfnguard bundles with the cfn-guard binary itself (no download at install
 * or at synth, no network). The plugin runs every bundled rule file on the template; cfn-guard
 * parses the whole template once per rule file, which on Lanyard's template (~400 KB, most of it
 * state machine definitions) costs about a minute for the 237 files. So this runs exactly the rule
 * files that check a resource type the template has (a rule names its types, e.g.
 * `Type == 'AWS::Lambda::Function'`; a file naming none always runs): the same findings, in the
 * time of the ~30 that apply. A resource type added later brings its rules in by itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
} from 'aws-cdk-lib';

const RULES_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@cdklabs/cdk-validator-cfnguard/package.json')),
  'rules/control-tower/cfn-guard',
);

interface RuleFile {
  path: string;
  /** The CloudFormation resource types the file's rules select. */
  types: string[];
}

let ruleFiles: RuleFile[] | undefined;

/** Every bundled Control Tower rule file and the resource types it checks. */
export function controlTowerRuleFiles(): RuleFile[] {
  ruleFiles ??= readdirSync(RULES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.guard'))
    .sort()
    .map((file) => {
      const full = path.join(RULES_DIR, file);
      const types = [...readFileSync(full, 'utf8').matchAll(/["'](AWS::\w+::\w+)["']/g)].map(
        (m) => m[1] as string,
      );
      return { path: full, types: [...new Set(types)] };
    });
  return ruleFiles;
}

export class ControlTowerGuardValidator implements IPolicyValidationPlugin {
  /** The bundled plugin's name, so acknowledgements read `cdk-validator-cfnguard::<rule>`. */
  public readonly name = 'cdk-validator-cfnguard';
  public readonly version = new CfnGuardValidator({ controlTowerRulesEnabled: false }).version;

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const present = new Set<string>();
    for (const templatePath of context.templatePaths) {
      const template = JSON.parse(readFileSync(templatePath, 'utf8')) as {
        Resources?: Record<string, { Type?: string }>;
      };
      for (const resource of Object.values(template.Resources ?? {}))
        if (resource.Type) present.add(resource.Type);
    }
    const rules = controlTowerRuleFiles()
      .filter((file) => file.types.length === 0 || file.types.some((type) => present.has(type)))
      .map((file) => file.path);
    if (rules.length === 0) return { success: true, violations: [] };
    // Guard's JSON report grows with the template; the default 1 MB pipe buffer is too small.
    return new CfnGuardValidator({
      controlTowerRulesEnabled: false,
      rules,
      maxBuffer: 64 * 1024 * 1024,
    }).validate(context) as PolicyValidationPluginReport;
  }
}
