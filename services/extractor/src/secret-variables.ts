import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { credentialVariablesOf, type PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { awsClientConfig, ConfigError, type PlatformEnv } from '@sluice/runtime';

/** A variable read from Secrets Manager: not set, with `<NAME>_SECRET_ARN` beside it (the stack's sourceSecrets). */
export const readsFromSecret = (name: string, variables: Record<string, string | undefined>): boolean =>
  !variables[name] && Boolean(variables[`${name}_SECRET_ARN`]);

/**
 * Credentials come from the environment, or from Secrets Manager: a variable that is not set but has a
 * `<NAME>_SECRET_ARN` beside it is read from that secret (its string value) once, at start. In AWS the
 * stack sets the ARN and the function's role may read only that secret.
 */
export const resolveSecretVariables = async (
  pipelines: PipelineDefinition[],
  variables: Record<string, string | undefined>,
  env: PlatformEnv,
  secrets?: () => SecretsManagerClient,
): Promise<Record<string, string | undefined>> => {
  const wanted = [...new Set(pipelines.flatMap(credentialVariablesOf))].filter((name) =>
    readsFromSecret(name, variables),
  );
  if (wanted.length === 0) return variables;
  // Loaded only when a credential is in Secrets Manager: most deployments never need the client.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = secrets?.() ?? new SecretsManagerClient(awsClientConfig(env));
  const resolved = { ...variables };
  for (const name of wanted) {
    const arn = variables[`${name}_SECRET_ARN`] as string;
    try {
      const secret = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      resolved[name] = secret.SecretString;
    } catch (error) {
      throw new ConfigError(
        `cannot read ${name} from secret ${arn} (${name}_SECRET_ARN): ${(error as Error).message}`,
      );
    }
  }
  return resolved;
};
