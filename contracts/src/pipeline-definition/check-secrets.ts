import type * as z from 'zod';
import { soleVariable, templateVariables } from './template.ts';

// Header names that carry credentials: those belong in `auth`, as environment references.
const CREDENTIAL_HEADER = /authorization|api[-_]?key|token|secret|password/i;

const objectAt = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;

/** `coincap`, `X-Api-Key` → `COINCAP_X_API_KEY`: a variable name to suggest. */
const variableName = (...parts: string[]) =>
  parts
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_');

/** Why `value` may not be used as a secret, or null when it is a bare `${VAR}` reference. */
const secretProblem = (value: string, what: string, suggested: string): string | null => {
  if (soleVariable(value)) return null;
  const [variable] = templateVariables(value);
  if (!variable) {
    return `${what} must come from the environment ('\${${suggested}}'), not be written in the file: pipeline files are committed, so a secret in one is a leaked secret`;
  }
  if (/^bearer\s+\$\{/i.test(value) && soleVariable(value.replace(/^bearer\s+/i, ''))) {
    return `${what} must be the reference alone: Sluice sends 'Authorization: Bearer <token>' itself`;
  }
  if (value.includes(':-')) {
    return `${what} cannot have a default: the default would be a secret written in the file; use '\${${variable}}'`;
  }
  return `${what} must be the reference alone ('\${${variable}}'), with nothing around it`;
};

/**
 * Rejects secrets written into a pipeline file. It runs even when other parts of the file are invalid
 * (the schema's `when`), so it reads the input defensively: a leaked key is the error to see first.
 */
export const checkSecrets = (input: unknown, ctx: z.RefinementCtx): void => {
  const pipeline = objectAt(input);
  const source = objectAt(pipeline?.source);
  const auth = objectAt(source?.auth);
  const name = typeof pipeline?.name === 'string' ? pipeline.name : 'source';
  const report = (path: PropertyKey[], message: string | null) => {
    if (message) ctx.addIssue({ code: 'custom', path, message });
  };
  if (auth?.type === 'api_key' && typeof auth.value === 'string') {
    report(
      ['source', 'auth', 'value'],
      secretProblem(auth.value, 'an API key', variableName(name, 'API_KEY')),
    );
  }
  if (auth?.type === 'bearer' && typeof auth.token === 'string') {
    report(
      ['source', 'auth', 'token'],
      secretProblem(auth.token, 'a bearer token', variableName(name, 'API_KEY')),
    );
  }
  if (source?.type === 'mysql' && typeof source.connection === 'string') {
    report(
      ['source', 'connection'],
      secretProblem(source.connection, 'a connection URL', variableName(name, 'DATABASE_URL')),
    );
  }
  for (const [header, value] of Object.entries(objectAt(source?.headers) ?? {})) {
    if (
      CREDENTIAL_HEADER.test(header) &&
      typeof value === 'string' &&
      templateVariables(value).length === 0
    ) {
      const suggested = variableName(name, header);
      const message = `header ${header} looks like a credential: declare it in auth, or take it from the environment ('\${${suggested}}')`;
      report(['source', 'headers', header], message);
    }
  }
};
