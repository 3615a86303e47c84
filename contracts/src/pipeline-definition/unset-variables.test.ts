// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are what these tests are about
import { describe, expect, it } from 'vitest';
import type { PipelineDefinition } from './pipeline.ts';
import { unsetVariablesOf } from './unset-variables.ts';

/** Only the source matters here: the rest of a pipeline never reads the environment. */
const withSource = (source: Record<string, unknown>) => ({ source }) as Pick<PipelineDefinition, 'source'>;

const books = withSource({
  type: 'rest',
  baseUrl: '${BOOKS_API_URL:-https://books.test/api}',
  auth: { type: 'bearer', token: '${BOOKS_API_TOKEN}' },
  headers: { 'X-Tenant': '${BOOKS_TENANT}', 'X-Region': '${BOOKS_TENANT}-${BOOKS_REGION:-eu}' },
  pagination: { type: 'none' },
  resources: { books: { path: '/books' } },
});

describe('Function: unsetVariablesOf()', () => {
  it('names each variable without a value or default, with every place the source reads it', () => {
    // Act
    const unset = unsetVariablesOf(books, { BOOKS_REGION: 'us' });

    // Assess
    expect(unset).toEqual([
      { variable: 'BOOKS_API_TOKEN', paths: ['source.auth.token'] },
      { variable: 'BOOKS_TENANT', paths: ['source.headers.X-Tenant', 'source.headers.X-Region'] },
    ]);
  });

  it('counts a default as set, and an empty value as unset, as the services do', () => {
    const unset = unsetVariablesOf(books, { BOOKS_API_TOKEN: '', BOOKS_TENANT: 'acme' });
    expect(unset).toEqual([{ variable: 'BOOKS_API_TOKEN', paths: ['source.auth.token'] }]);
  });

  it('counts a credential read from Secrets Manager (<NAME>_SECRET_ARN) as set, and only a credential', () => {
    const unset = unsetVariablesOf(books, {
      BOOKS_API_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:books',
      BOOKS_TENANT_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:tenant',
    });
    expect(unset.map(({ variable }) => variable)).toEqual(['BOOKS_TENANT']);
  });

  it('finds variables in lists, with their index', () => {
    const site = withSource({
      type: 'html',
      resources: {
        pages: { startUrls: ['https://a.test/', '${SITE_URL}/b'], rowSelector: 'tr', fields: {} },
      },
    });
    expect(unsetVariablesOf(site, {})).toEqual([
      { variable: 'SITE_URL', paths: ['source.resources.pages.startUrls[1]'] },
    ]);
  });

  it('is empty when everything is set', () => {
    expect(unsetVariablesOf(books, { BOOKS_API_TOKEN: 't', BOOKS_TENANT: 'acme' })).toEqual([]);
  });
});
