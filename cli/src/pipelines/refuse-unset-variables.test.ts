// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are what these tests are about
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import { refuseUnsetVariables, UnsetVariablesError } from './refuse-unset-variables.ts';

const books = {
  name: 'books',
  source: {
    type: 'rest',
    baseUrl: '${BOOKS_API_URL}',
    auth: { type: 'bearer', token: '${BOOKS_API_TOKEN}' },
    pagination: { type: 'none' },
    resources: { books: { path: '/books' } },
  },
} as unknown as Pick<PipelineDefinition, 'name' | 'source'>;

describe('Function: refuseUnsetVariables()', () => {
  it('refuses in one line naming the pipeline, the variable and where the file reads it', () => {
    // Act
    const act = () =>
      refuseUnsetVariables(books, { BOOKS_API_URL: 'https://books.test' }, 'in the environment');

    // Assess
    expect(act).toThrow(UnsetVariablesError);
    expect(act).toThrow(
      'pipeline books needs BOOKS_API_TOKEN (source.auth.token); set it in the environment',
    );
  });

  it('names every unset variable at once', () => {
    expect(() => refuseUnsetVariables(books, {}, 'in the environment')).toThrow(
      'pipeline books needs BOOKS_API_URL (source.baseUrl) and BOOKS_API_TOKEN (source.auth.token); set them in the environment',
    );
  });

  it('lets a pipeline whose variables are all set go on', () => {
    expect(() =>
      refuseUnsetVariables(books, { BOOKS_API_URL: 'https://books.test', BOOKS_API_TOKEN: 't' }, 'here'),
    ).not.toThrow();
  });
});
