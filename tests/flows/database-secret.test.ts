import {
  CreateSecretCommand,
  DeleteSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { createLoaderProcess, readLoaderEnv } from '@sluice/loader';
import { resolveDatabaseUrl } from '@sluice/warehouse';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENDPOINT } from '../support/test-env.ts';

describe('Function: resolveDatabaseUrl() against LocalStack Secrets Manager', () => {
  const secrets = new SecretsManagerClient({
    region: 'us-east-1',
    endpoint: TEST_ENDPOINT,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const name = `sluice-test-db-${Date.now()}`;
  afterAll(async () => {
    await secrets.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    secrets.destroy();
  });

  it('builds the warehouse URL from the secret RDS generates, escaping the password', async () => {
    // Prepare: the JSON shape RDS writes for generated credentials.
    const { ARN } = await secrets.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: JSON.stringify({
          engine: 'mysql',
          host: 'db.internal',
          port: 3306,
          username: 'sluice',
          password: 'p@ss/w:rd#1',
        }),
      }),
    );

    // Act
    const url = await resolveDatabaseUrl(
      {
        DATABASE_URL: 'mysql://unused',
        DATABASE_SECRET_ARN: ARN,
        DATABASE_NAME: 'warehouse',
        AWS_REGION: 'us-east-1',
      },
      secrets,
    );

    // Assess
    const parsed = new URL(url);
    expect(parsed.host).toBe('db.internal:3306');
    expect(parsed.pathname).toBe('/warehouse');
    expect(decodeURIComponent(parsed.username)).toBe('sluice');
    expect(decodeURIComponent(parsed.password)).toBe('p@ss/w:rd#1');
  });

  it('uses DATABASE_URL when no secret is named', async () => {
    const url = await resolveDatabaseUrl(
      {
        DATABASE_URL: 'mysql://root@127.0.0.1:3306/sluice',
        DATABASE_NAME: 'sluice',
        AWS_REGION: 'us-east-1',
      },
      secrets,
    );
    expect(url).toBe('mysql://root@127.0.0.1:3306/sluice');
  });

  it('makes the loader process connect with the secret, over TLS to RDS', async () => {
    // Prepare: the loader's own env as the stack sets it, pointed at the emulator.
    const { ARN } = await secrets.send(
      new CreateSecretCommand({
        Name: `${name}-loader`,
        SecretString: JSON.stringify({ host: 'rds.internal', port: 3306, username: 'loader', password: 'x' }),
      }),
    );
    try {
      const env = readLoaderEnv({
        AWS_ENDPOINT_URL: TEST_ENDPOINT,
        AWS_REGION: 'us-east-1',
        DATABASE_SECRET_ARN: ARN,
        LOAD_QUEUE_URL: `${TEST_ENDPOINT}/000000000000/unused-load`,
        LOAD_DLQ_URL: `${TEST_ENDPOINT}/000000000000/unused-load-dlq`,
      });

      // Act: the pool connects lazily, so nothing is dialled here.
      const loader = await createLoaderProcess(env);

      // Assess
      const config = (
        loader.warehouse.pool as unknown as {
          pool: { config: { connectionConfig: Record<string, unknown> } };
        }
      ).pool.config.connectionConfig;
      expect(config).toMatchObject({ host: 'rds.internal', user: 'loader', database: 'sluice' });
      expect(config.ssl).toBeTruthy();
      await loader.warehouse.close();
    } finally {
      await secrets.send(
        new DeleteSecretCommand({ SecretId: `${name}-loader`, ForceDeleteWithoutRecovery: true }),
      );
    }
  });
});
