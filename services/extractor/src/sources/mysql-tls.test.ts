import { ConfigError } from '@sluice/runtime';
import { describe, expect, it } from 'vitest';
import { RDS_TLS_PROFILE, sourceTlsOf } from './mysql-tls.ts';

const URL_WITHOUT_SSL = 'mysql://shop:s3cret@shop.abc.eu-west-1.rds.amazonaws.com:3306/shop';
const IN_AWS = { variable: 'SHOP_DATABASE_URL', required: true };
const LOCAL = { variable: 'SHOP_DATABASE_URL', required: false };

describe('Function: sourceTlsOf()', () => {
  it('verifies against the RDS certificate authorities a URL read from Secrets Manager', () => {
    // Act
    const ssl = sourceTlsOf(URL_WITHOUT_SSL, IN_AWS);

    // Assess
    expect(ssl).toBe(RDS_TLS_PROFILE);
  });

  it('connects a local URL as it says, in clear without an ssl parameter', () => {
    // Act
    const ssl = sourceTlsOf('mysql://root@127.0.0.1:3306/sakila_source', LOCAL);

    // Assess
    expect(ssl).toBeUndefined();
  });

  it.each([
    ['TLS options', '?ssl={"rejectUnauthorized":true}'],
    ['a profile', '?ssl=Amazon%20RDS'],
  ])('leaves a URL with its own ssl parameter (%s) to mysql2', (_, query) => {
    // Act
    const ssl = sourceTlsOf(`${URL_WITHOUT_SSL}${query}`, IN_AWS);

    // Assess
    expect(ssl).toBeUndefined();
  });

  it.each(['false', '0', 'null'])('refuses ssl=%s in a URL read from Secrets Manager', (value) => {
    // Act
    const act = () => sourceTlsOf(`${URL_WITHOUT_SSL}?ssl=${value}`, IN_AWS);

    // Assess
    expect(act).toThrow(ConfigError);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the message names the variable as the file does
    expect(act).toThrow('${SHOP_DATABASE_URL} turns TLS off');
  });

  it('lets a local URL turn TLS off', () => {
    // Act
    const ssl = sourceTlsOf(`${URL_WITHOUT_SSL}?ssl=false`, LOCAL);

    // Assess
    expect(ssl).toBeUndefined();
  });

  it('names the variable of a URL it cannot read, never the URL and its password', () => {
    // Act
    const act = () => sourceTlsOf('shop s3cret@db:3306/shop', IN_AWS);

    // Assess
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the message names the variable as the file does
    expect(act).toThrow('${SHOP_DATABASE_URL} is not a URL');
    expect(act).not.toThrow(/s3cret/);
  });
});
