import type { RestSource } from '@sluice/contracts/pipeline-definition';
import { resolveTemplate, templateVariables } from '@sluice/contracts/pipeline-definition';
import { withParams } from './rest-url.ts';

export interface Credential {
  /** The environment variables the credential is read from: what to name when the API answers 401/403. */
  variables: string[];
  /** The query parameter that carries it, to keep out of every URL a message holds; else null. */
  queryParam: string | null;
  /** The request for `url` with the credential added: only at fetch time, never in a message. */
  authorise: (url: string) => { url: string; headers: Record<string, string> };
}

/**
 * Reads the credential of `auth` from `env` once, at start-up, so that an unset variable fails the service
 * there (MissingVariableError) rather than every page with a 401.
 */
export const createCredential = (
  auth: RestSource['auth'],
  env: Record<string, string | undefined>,
): Credential => {
  switch (auth.type) {
    case 'none':
      return { variables: [], queryParam: null, authorise: (url) => ({ url, headers: {} }) };
    case 'bearer': {
      const token = resolveTemplate(auth.token, env);
      return {
        variables: templateVariables(auth.token),
        queryParam: null,
        authorise: (url) => ({ url, headers: { authorization: `Bearer ${token}` } }),
      };
    }
    case 'api_key': {
      const value = resolveTemplate(auth.value, env);
      const { name } = auth;
      return {
        variables: templateVariables(auth.value),
        queryParam: auth.in === 'query' ? name : null,
        authorise:
          auth.in === 'query'
            ? (url) => ({ url: withParams(url, { [name]: value }), headers: {} })
            : (url) => ({ url, headers: { [name]: value } }),
      };
    }
  }
};
