import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientConfig } from '@sluice/runtime';
import * as z from 'zod';

// The JSON RDS writes into the secret it generates for an instance's credentials.
const RdsSecretSchema = z.object({
  username: z.string(),
  password: z.string(),
  host: z.string(),
  port: z.coerce.number().int().positive().default(3306),
});

/** The local warehouse: the machine's MariaDB (or MySQL), database `sluice`. */
export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/sluice';

/** RDS is reached over TLS, verified against the RDS certificate authorities that mysql2 ships. */
export const RDS_TLS_PROFILE = 'Amazon RDS';

/**
 * The warehouse URL: from the RDS secret named by `DATABASE_SECRET_ARN` in AWS, from `DATABASE_URL`
 * locally. The password never appears in the function's configuration.
 */
export const resolveDatabaseUrl = async (
  env: {
    DATABASE_URL: string;
    DATABASE_SECRET_ARN?: string | undefined;
    DATABASE_NAME: string;
    AWS_REGION: string;
    AWS_ENDPOINT_URL?: string | undefined;
    AWS_ACCESS_KEY_ID?: string | undefined;
  },
  secrets: SecretsManagerClient = new SecretsManagerClient(awsClientConfig(env)),
): Promise<string> => {
  if (!env.DATABASE_SECRET_ARN) return env.DATABASE_URL;
  const { SecretString } = await secrets.send(
    new GetSecretValueCommand({ SecretId: env.DATABASE_SECRET_ARN }),
  );
  const secret = RdsSecretSchema.parse(JSON.parse(SecretString ?? '{}'));
  const url = new URL(`mysql://${secret.host}:${secret.port}/${env.DATABASE_NAME}`);
  url.username = secret.username;
  url.password = secret.password;
  return url.toString();
};
