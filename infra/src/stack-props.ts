import { PipelineNameSchema, scheduleRuleName } from '@sluice/contracts';
import { ScheduleSchema } from '@sluice/contracts/pipeline-definition';
import { Token } from 'aws-cdk-lib';
import type { PipelineSchedule } from './schedules.ts';

/**
 * The services accept `^[a-z][a-z0-9-]{1,40}$` (runtime's PlatformEnvSchema); RDS identifiers and bucket
 * names also refuse a trailing dash or two in a row.
 */
export const assertValidPrefix = (prefix: string): void => {
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(prefix) || prefix.endsWith('-') || prefix.includes('--')) {
    throw new Error(
      `Invalid prefix '${prefix}': 2 to 41 lower-case letters, digits and single dashes, starting with a letter`,
    );
  }
};

// EventBridge's limit on a rule name, which is `<prefix>-<pipeline>`.
const MAX_RULE_NAME = 64;

/**
 * The files were validated when read; this catches what only the deployment adds (a rule name too long
 * for its prefix) and definitions built in code, before CloudFormation fails half-way through a deploy.
 */
export const assertValidPipelines = (prefix: string, pipelines: readonly PipelineSchedule[]): void => {
  const seen = new Set<string>();
  for (const { name, schedule } of pipelines) {
    if (!PipelineNameSchema.safeParse(name).success) {
      throw new Error(`Invalid pipeline name '${name}': lower-case letters, digits and dashes`);
    }
    const checked = ScheduleSchema.safeParse(schedule);
    if (!checked.success) {
      throw new Error(
        `Invalid schedule '${schedule}' for pipeline '${name}': ${checked.error.issues[0]?.message}`,
      );
    }
    const ruleName = scheduleRuleName(prefix, name);
    if (ruleName.length > MAX_RULE_NAME) {
      throw new Error(
        `Rule name '${ruleName}' is longer than EventBridge's ${MAX_RULE_NAME} characters: shorten the prefix or the pipeline name`,
      );
    }
    if (seen.has(name)) throw new Error(`Pipeline '${name}' is declared twice`);
    seen.add(name);
  }
};

// Lambda's rule for environment variable names; also what `${NAME}` in a pipeline file can name.
const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]+$/;
// Anyone who may read the function's configuration reads its environment in clear.
const SECRET_LOOKING = /secret|password|passwd|token|api_?key|credential|private_?key|access_?key/i;
// Lambda sets these itself and refuses a function that sets them.
const LAMBDA_RESERVED = /^(AWS_|LAMBDA_)/;

/**
 * `extractorEnvironment`: the `${VAR}` values of pipeline files, never a credential: neither a name that
 * looks like one nor one a pipeline's `auth` reads (`credentials`).
 */
export const assertValidExtractorEnvironment = (
  environment: Record<string, string>,
  credentials: ReadonlySet<string> = new Set(),
): void => {
  for (const name of Object.keys(environment)) {
    if (!VARIABLE_NAME.test(name) || LAMBDA_RESERVED.test(name)) {
      throw new Error(
        `extractorEnvironment: '${name}' is not a variable name Lambda accepts (letters, digits and _, not AWS_* or LAMBDA_*)`,
      );
    }
    if (SECRET_LOOKING.test(name) || credentials.has(name)) {
      throw new Error(
        `extractorEnvironment: '${name}' ${credentials.has(name) ? "is a pipeline's credential" : 'looks like a credential'}, and a function's environment is readable by anyone who can read its configuration: ` +
          `store it in Secrets Manager and pass sourceSecrets: { ${name}: '<secret ARN>' } instead`,
      );
    }
  }
};

// A complete ARN, with the six characters Secrets Manager appends to the name: IAM needs the exact ARN.
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;

/** `sourceSecrets`: variable name → complete secret ARN, and no variable also set in clear. */
export const assertValidSourceSecrets = (
  secrets: Record<string, string>,
  environment: Record<string, string>,
): void => {
  for (const [name, arn] of Object.entries(secrets)) {
    if (!VARIABLE_NAME.test(name) || LAMBDA_RESERVED.test(name)) {
      throw new Error(`sourceSecrets: '${name}' is not a variable name (letters, digits and _)`);
    }
    if (!Token.isUnresolved(arn) && !SECRET_ARN.test(arn)) {
      throw new Error(
        `sourceSecrets: ${name} needs the secret's complete ARN (…:secret:<name>-AbCdEf, as create-secret prints it), not '${arn}'`,
      );
    }
    if (name in environment) {
      throw new Error(`${name} is in both sourceSecrets and extractorEnvironment: keep it in one`);
    }
  }
};
