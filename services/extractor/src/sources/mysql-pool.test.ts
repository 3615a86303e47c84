import type { MysqlSource } from '@sluice/contracts/pipeline-definition';
import type { Pool } from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { createSourcePool } from './mysql-pool.ts';
import { RDS_TLS_PROFILE } from './mysql-tls.ts';

const SOURCE = { timezone: '+00:00' } as MysqlSource;
const URL_WITHOUT_SSL = 'mysql://shop:s3cret@shop.abc.eu-west-1.rds.amazonaws.com:3306/shop';

/** What mysql2 will connect with; creating a pool opens no connection. */
const sslOf = (pool: Pool): unknown =>
  (pool.pool as unknown as { config: { connectionConfig: { ssl: unknown } } }).config.connectionConfig.ssl;

describe('Function: createSourcePool()', () => {
  let pool: Pool | undefined;

  afterEach(async () => {
    await pool?.end();
    pool = undefined;
  });

  it('verifies the server against the RDS certificate authorities when given the profile', () => {
    // Act
    pool = createSourcePool(SOURCE, { url: URL_WITHOUT_SSL, connectionLimit: 1, ssl: RDS_TLS_PROFILE });

    // Assess
    const ssl = sslOf(pool) as { ca: string[]; rejectUnauthorized: boolean };
    expect(ssl.rejectUnauthorized).toBe(true);
    expect(ssl.ca.length).toBeGreaterThan(10);
    expect(ssl.ca.every((certificate) => certificate.startsWith('-----BEGIN CERTIFICATE-----'))).toBe(true);
  });

  it('keeps the URL’s own ssl parameter rather than the profile', () => {
    // Act
    pool = createSourcePool(SOURCE, {
      url: `${URL_WITHOUT_SSL}?ssl=${encodeURIComponent('{"rejectUnauthorized":true}')}`,
      connectionLimit: 1,
      ssl: RDS_TLS_PROFILE,
    });

    // Assess
    expect(sslOf(pool)).toEqual({ rejectUnauthorized: true });
  });

  it('connects in clear when neither the URL nor the settings ask for TLS', () => {
    // Act
    pool = createSourcePool(SOURCE, { url: 'mysql://root@127.0.0.1:3306/sakila_source', connectionLimit: 1 });

    // Assess
    expect(sslOf(pool)).toBe(false);
  });
});
