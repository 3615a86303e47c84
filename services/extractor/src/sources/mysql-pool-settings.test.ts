// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is how a pipeline file names its connection
import { MissingVariableError, type MysqlSource } from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import { mysqlPoolSettingsOf } from './mysql-pool-settings.ts';
import { RDS_TLS_PROFILE } from './mysql-tls.ts';

const SOURCE = { type: 'mysql', connection: '${SHOP_DATABASE_URL}', timezone: '+00:00' } as MysqlSource;
const URL = 'mysql://shop:s3cret@shop.abc.eu-west-1.rds.amazonaws.com:3306/shop';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sluice/shop-db-AbC123';

describe('Function: mysqlPoolSettingsOf()', () => {
  it('uses TLS to RDS for a URL read from Secrets Manager (<NAME>_SECRET_ARN)', () => {
    // Prepare: what resolveSecretVariables gives back in AWS
    const given = { SHOP_DATABASE_URL_SECRET_ARN: SECRET_ARN };
    const resolved = { ...given, SHOP_DATABASE_URL: URL };

    // Act
    const settings = mysqlPoolSettingsOf(SOURCE, { given, resolved }, 10);

    // Assess
    expect(settings).toEqual({ url: URL, ssl: RDS_TLS_PROFILE, connectionLimit: 10 });
  });

  it('leaves a URL set in the environment as it is (the local database)', () => {
    // Prepare
    const given = { SHOP_DATABASE_URL: 'mysql://root@127.0.0.1:3306/shop' };

    // Act
    const settings = mysqlPoolSettingsOf(SOURCE, { given, resolved: given }, 1);

    // Assess
    expect(settings).toEqual({ url: 'mysql://root@127.0.0.1:3306/shop', ssl: undefined, connectionLimit: 1 });
  });

  it('throws MissingVariableError when the connection is neither set nor in a secret', () => {
    // Act
    const act = () => mysqlPoolSettingsOf(SOURCE, { given: {}, resolved: {} }, 1);

    // Assess
    expect(act).toThrow(MissingVariableError);
  });
});
