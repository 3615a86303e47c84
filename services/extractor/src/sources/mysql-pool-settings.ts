import {
  credentialVariablesOf,
  type MysqlSource,
  resolveTemplate,
  templateVariables,
} from '@sluice/contracts/pipeline-definition';
import { readsFromSecret } from '../secret-variables.ts';
import type { SourcePoolSettings } from './mysql-pool.ts';
import { sourceTlsOf } from './mysql-tls.ts';

/** The process's variables as given, and with the secrets' values read (`resolveSecretVariables`). */
export interface SourceVariables {
  given: Record<string, string | undefined>;
  resolved: Record<string, string | undefined>;
}

/**
 * How a mysql source's pool connects: its URL from the variables, and TLS verified against the RDS
 * certificate authorities when the URL was read from Secrets Manager, which is how the extractor runs in
 * AWS (as the loader reaches the warehouse on RDS). A missing variable throws MissingVariableError.
 */
export const mysqlPoolSettingsOf = (
  source: MysqlSource,
  { given, resolved }: SourceVariables,
  connectionLimit: number,
): SourcePoolSettings => {
  const url = resolveTemplate(source.connection, resolved);
  const ssl = sourceTlsOf(url, {
    variable: templateVariables(source.connection)[0] ?? 'connection',
    required: credentialVariablesOf({ source }).some((name) => readsFromSecret(name, given)),
  });
  return { url, ssl, connectionLimit };
};
